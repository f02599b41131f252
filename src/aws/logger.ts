// Every function logs through a Powertools Logger whose formatter redacts card numbers (src/core/detect.ts) from
// the whole log item — message, attributes, keys, errors and their causes — after everything is assembled, so no
// call site has to remember to. Lines keep Powertools' standard structure.
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redactDeep } from '../core/redact.ts';

export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const merged: LogAttributes = { ...base };
    for (const [key, value] of Object.entries(additional))
      merged[key] = value instanceof Error ? this.formatError(value) : value;
    return new LogItem({ attributes: redactDeep(merged) });
  }

  override formatError(error: Error): LogAttributes {
    return redactDeep(super.formatError(error));
  }
}

export interface LoggerOptions {
  /** Where lines go instead of stdout/stderr (local runs and tests keep them to scan). */
  lines?: string[];
}

/** The Logger every function uses. */
export function createLogger(serviceName: string, options: LoggerOptions = {}): Logger {
  const logger = new Logger({ serviceName, logFormatter: new RedactingLogFormatter() });
  const lines = options.lines;
  if (lines !== undefined) {
    const sink = (...args: unknown[]) => {
      for (const line of args.map(String).join(' ').split('\n')) if (line.length > 0) lines.push(line);
    };
    // Powertools binds its Console to stdout/stderr when constructed; point it at the array instead.
    (logger as unknown as { console: Pick<Console, 'debug' | 'info' | 'warn' | 'error' | 'log' | 'trace'> }).console = {
      debug: sink,
      info: sink,
      warn: sink,
      error: sink,
      log: sink,
      trace: sink,
    };
  }
  return logger;
}
