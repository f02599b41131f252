// Shared set-up for the payments API integration tests: the local payments API (src/local/payments-api.ts) and the
// requests the tests send it.
import { randomBytes } from 'node:crypto';
import type { ProxyEvent } from '../../../src/functions/payments-api/app.ts';

export {
  type LocalPaymentsApi as Fixture,
  startLocalPaymentsApi as startFixture,
  ROLES,
} from '../../../src/local/payments-api.ts';

export function post(body: unknown, key?: string, raw?: string): ProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/payments',
    headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
    body: raw ?? JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: `req-${randomBytes(4).toString('hex')}` },
  };
}

export function get(path: string): ProxyEvent {
  return { httpMethod: 'GET', path, headers: {}, body: null, isBase64Encoded: false };
}

export function payment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    merchant_id: 'merchant-001',
    amount_minor: 1999,
    currency: 'EUR',
    card: { pan: '4111111111111111', expiry: '12/39' },
    reference: 'order-42',
    ...overrides,
  };
}
