// The append-only audit log: one PutItem per event with attribute_not_exists(audit_id). Ids are derived from
// the object version (core/audit.ts), so a retried job finds its record already written and cannot alter it.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { redactDeep, type AuditEvent } from '../core/index.ts';
import { awsErrorName } from './clients.ts';

export interface AuditLog {
  /** 'written' the first time, 'exists' when an event with this id was already recorded (left unchanged). */
  append(event: AuditEvent): Promise<'written' | 'exists'>;
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async append(event: AuditEvent): Promise<'written' | 'exists'> {
    try {
      await this.db.send(
        // Every attribute passes the card-number detector on its way in: the last guard, whatever the caller built.
        new PutCommand({
          TableName: this.table,
          Item: redactDeep(event),
          ConditionExpression: 'attribute_not_exists(audit_id)',
        }),
      );
      return 'written';
    } catch (error) {
      if (awsErrorName(error) === 'ConditionalCheckFailedException') return 'exists';
      throw error;
    }
  }
}
