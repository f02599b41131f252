// The `enclave` command: a thin shell. It parses the command line, loads the command on demand, and is the only
// place that turns errors into exit codes: 0 clean, 1 findings, 2 usage or parse error.
import { UsageError, type Io } from './io.ts';

export { UsageError, type Io };

const USAGE = `Usage: enclave <command> [options]

Commands:
  verify <path>...   Verify Terraform root modules (directories) and CloudFormation templates (files) against
                     PCI DSS v4.0.1. Exit 0 when clean, 1 on findings (non-compliant, unknown, expired
                     suppression, load or schema error), 2 on a usage error.
      --format text|json|sarif|html   report format (default text)
      --out <file>                    write the report to a file instead of stdout
      --var name=value                Terraform variable / CloudFormation parameter (repeatable)
      --var-file <file>               Terraform variables file (repeatable)
      --timings                       print the time each stage took to stderr
      --plan <plan.json>              a Terraform plan of the one directory verified, as 'terraform show
                                      -json <planfile>' prints it: its variables and the data sources it
                                      read are used; planned resources are compared with the code
      --contracts <dir>               where the function contracts are (dist/functions or src/functions
                                      under <dir>); default: the verified configuration's repository
  model <path>       Print the evaluated model of one path.
      --format json                   (the only format)
  help               This text.
`;

type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
  model: async () => (await import('./commands/model.ts')).modelCommand,
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('enclave 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`enclave: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`enclave ${name}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr.write(`enclave ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
