import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { renderHtml, renderSarif, renderText } from '../../../src/verifier/report/index.ts';
import { toolFrom } from '../../../src/verifier/results.ts';
import { verify, type Verification } from '../../../src/verifier/verify.ts';

const TEMPLATE = {
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } },
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
    Other: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24' } },
    Sg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'fn',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }],
      },
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
      },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Metadata: {
        enclave: {
          ignore: [
            {
              rule: 'ENC-LAMBDA-005',
              reason: 'synchronous API function <b>no</b> async retries',
              expires: '2099-01-01',
            },
          ],
        },
      },
      Properties: {
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Handler: 'i.h',
        Runtime: 'nodejs22.x',
        Code: { ZipFile: 'x' },
        VpcConfig: { SubnetIds: [{ Ref: 'Subnet' }], SecurityGroupIds: [{ Ref: 'Sg' }] },
      },
    },
  },
  Outputs: { Sample: { Value: 'card 4111111111111111' } },
};

let verification: Verification;
let dir: string;

describe('reports', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'enclave-report-'));
    await writeFile(join(dir, 'template.json'), JSON.stringify(TEMPLATE, null, 2));
    verification = await verify(['template.json'], {
      cwd: dir,
      iamMatrix: true,
      now: new Date('2026-11-23T00:00:00Z'),
    });
  });

  test('text groups findings by requirement and never prints a clear PAN', () => {
    const text = renderText(verification);
    assert.match(text, /Requirement 3\.3\.1\n\s+FAIL ENC-DATA-001/);
    assert.match(text, /Requirement 3\.6\.1\n(.*\n)*?\s+FAIL ENC-KMS-001/);
    assert.match(text, /411111\*{6}1111/);
    assert.doesNotMatch(text, /4111111111111111/);
    assert.match(text, /APPLIED\s+ENC-LAMBDA-005 on Fn/);
    // The network section: each subnet's way to the internet and what runs there.
    assert.match(text, /subnet Subnet: no internet path — runs Fn/);
    assert.match(text, /subnet Other: no internet path\n/);
  });

  test('SARIF 2.1.0: rules with PCI tags, results with locations, the suppression in-source, artifacts hashed', () => {
    const sarif = JSON.parse(renderSarif(verification));
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'ENC-KMS-001');
    assert.ok(rule.properties.tags.includes('PCI-DSS-3.7.4'));
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'ENC-KMS-001');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'template.json');
    assert.ok(result.locations[0].physicalLocation.region.startLine > 1);
    const suppressed = run.results.find((r: { ruleId: string }) => r.ruleId === 'ENC-LAMBDA-005');
    assert.equal(suppressed.suppressions[0].kind, 'inSource');
    assert.match(run.artifacts[0].hashes['sha-256'], /^[0-9a-f]{64}$/);
    assert.doesNotMatch(JSON.stringify(sarif), /4111111111111111/);
  });

  test('SARIF: the driver names the installed version and no address the package does not declare', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../packages/cli/package.json', import.meta.url), 'utf8'));
    const driver = JSON.parse(renderSarif(verification)).runs[0].tool.driver;
    assert.equal(driver.version, manifest.version);
    const declared = manifest.homepage ?? manifest.repository;
    if (declared === undefined) assert.equal('informationUri' in driver, false, 'no made-up informationUri');
    else assert.match(driver.informationUri, /^https:\/\//);
    // Where a package declares its repository, that is the address; a homepage wins over it; no https, no address.
    assert.equal(
      toolFrom({ version: '1.2.3', repository: { url: 'git+https://example.org/team/enclave.git' } }).informationUri,
      'https://example.org/team/enclave',
    );
    assert.equal(
      toolFrom({ version: '1.2.3', homepage: 'https://example.org/enclave', repository: 'https://example.org/x' })
        .informationUri,
      'https://example.org/enclave',
    );
    assert.equal('informationUri' in toolFrom({ version: '1.2.3', repository: 'github:team/enclave' }), false);
  });

  test('SARIF: every rule carries the security-severity GitHub code scanning ranks alerts by', () => {
    const rules = JSON.parse(renderSarif(verification)).runs[0].tool.driver.rules as {
      id: string;
      properties?: { severity?: string; 'security-severity'?: string };
    }[];
    const scored = rules.filter((r) => r.properties?.severity !== undefined);
    assert.ok(scored.length > 0);
    // GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
    const band: Record<string, [number, number]> = {
      critical: [9.0, 10],
      high: [7.0, 8.9],
      medium: [4.0, 6.9],
      low: [0.1, 3.9],
    };
    const expected: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
    for (const rule of scored) {
      const score = rule.properties!['security-severity'];
      assert.equal(score, expected[rule.properties!.severity!], rule.id);
      const [low, high] = band[rule.properties!.severity!]!;
      assert.ok(Number(score) >= low && Number(score) <= high, `${rule.id}: ${score}`);
    }
    assert.ok(new Set(scored.map((r) => r.properties!.severity)).size > 1, 'more than one severity seen');
  });

  describe('HTML evidence in headless Chromium', () => {
    let browser: BrowserContext;
    before(async () => {
      // A fresh profile directory each run (playwright passes it as --user-data-dir).
      browser = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'enclave-chromium-')), {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    after(async () => browser?.close());

    test('renders with no console errors, shows requirements, network SVG, IAM matrix, suppressions and digests; screenshot saved', async () => {
      const html = renderHtml(verification);
      assert.doesNotMatch(html, /4111111111111111/);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<b>no<\/b>/, 'values are escaped');
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [], 'self-contained: nothing fetched');
      assert.equal(await page.title(), 'Enclave evidence report — PCI DSS v4.0.1');
      assert.ok((await page.locator('text=PCI DSS 3.7.4').count()) > 0);
      assert.equal(await page.locator('svg[aria-label="network reachability"]').count(), 1);
      assert.ok((await page.locator('svg line').count()) > 0, 'the function reaches the other subnet');
      assert.ok(
        (await page.locator('h3', { hasText: 'use the key to decrypt' }).count()) > 0,
        'the IAM matrix is rendered',
      );
      assert.ok((await page.locator('td', { hasText: /^[0-9a-f]{64}$/ }).count()) > 0, 'input digests');
      assert.ok(
        (await page.locator('td', { hasText: 'synchronous API function <b>no</b> async retries' }).count()) > 0,
      );
      const shots = join(process.cwd(), '.enclave', 'screenshots');
      await mkdir(shots, { recursive: true });
      await page.screenshot({ path: join(shots, 'evidence-report.png'), fullPage: true });
      await page.close();
    });
  });
});
