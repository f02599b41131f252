// The tokenization key: a 256-bit data key generated under a KMS key and stored only encrypted, as an item
// (job_id = tokenkey#v<version>) in the metadata table. The first cold start of a version generates it and
// stores it with a conditional put (first writer wins; a loser re-reads the winner's). Every cold start decrypts
// it once; the plaintext is turned into HMAC states and the bytes are zeroed. It is never logged or written.
// The encryption context binds the ciphertext to its purpose and version, so it cannot be decrypted as anything else.
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError, tokenKeyFromBytes, type TokenKey } from '../core/index.ts';
import { awsErrorName } from './clients.ts';

export interface TokenKeySource {
  kms: KMSClient;
  dynamodb: DynamoDBDocumentClient;
  table: string;
  kmsKeyId: string;
  version: number;
}

function context(version: number): Record<string, string> {
  return { purpose: 'enclave-token-key', version: String(version) };
}

export async function loadTokenKey(source: TokenKeySource): Promise<TokenKey> {
  const id = `tokenkey#v${source.version}`;
  let ciphertext = await readCiphertext(source, id);
  if (ciphertext === undefined) {
    const generated = await source.kms.send(
      new GenerateDataKeyCommand({
        KeyId: source.kmsKeyId,
        KeySpec: 'AES_256',
        EncryptionContext: context(source.version),
      }),
    );
    generated.Plaintext?.fill(0); // decrypted again below, like every other cold start
    if (!generated.CiphertextBlob) throw new ConfigurationError('KMS returned no data key ciphertext');
    try {
      await source.dynamodb.send(
        new PutCommand({
          TableName: source.table,
          Item: {
            job_id: id,
            ciphertext: generated.CiphertextBlob,
            kms_key_id: source.kmsKeyId,
            version: source.version,
            created_at: new Date().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(job_id)',
        }),
      );
      ciphertext = generated.CiphertextBlob;
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
      ciphertext = await readCiphertext(source, id);
      if (ciphertext === undefined)
        throw new ConfigurationError('token key item vanished after a concurrent write', { cause: error });
    }
  }
  const decrypted = await source.kms.send(
    new DecryptCommand({
      CiphertextBlob: ciphertext,
      KeyId: source.kmsKeyId,
      EncryptionContext: context(source.version),
    }),
  );
  const plaintext = decrypted.Plaintext;
  if (plaintext?.length !== 32) throw new ConfigurationError('token data key did not decrypt to 256 bits');
  try {
    return tokenKeyFromBytes(source.version, plaintext);
  } finally {
    plaintext.fill(0);
  }
}

async function readCiphertext(source: TokenKeySource, id: string): Promise<Uint8Array | undefined> {
  const out = await source.dynamodb.send(
    new GetCommand({ TableName: source.table, Key: { job_id: id }, ConsistentRead: true }),
  );
  const value = out.Item?.ciphertext as Uint8Array | undefined;
  return value;
}
