// The analysis stage: computed once per stack, after the model, and handed to every rule and report. Network first
// (it places each function, with the services its contract calls), then IAM, then the contracts, which need both.
import type { Diagnostic } from '../load/types.ts';
import type { Model } from '../model/model.ts';
import { contractClassifications, proveContracts, type ContractProof, type LoadedContract } from './contracts/index.ts';
import { inferServices } from './contracts/inferred.ts';
import { analyseIam, type IamAnalysis } from './iam/index.ts';
import { analyseNames, type NameAnalysis } from './names/index.ts';
import { analyseNetwork, type NetworkAnalysis } from './network/index.ts';

export interface Analysis {
  network: NetworkAnalysis;
  iam: IamAnalysis;
  contracts: ContractProof[];
  /** Names AWS limits, as written and at the longest inputs. */
  names: NameAnalysis;
}

export interface AnalysisOptions {
  /** The contract of each bundle the model's functions name, as the load stage read them. */
  contracts?: ReadonlyMap<string, LoadedContract>;
  /**
   * Whether the repository declares any function contract (default true: a function without one is unknown). When it
   * declares none, the contract rules apply only to functions linked to a bundle explicitly (CloudFormation Metadata).
   */
  contractsDeclared?: boolean;
  /** Build the separation-of-duties matrix (for the HTML and JSON reports). */
  iamMatrix?: boolean;
  /** The same stack loaded with every bounded input at the longest value it accepts (load stage), for names. */
  longest?: { model: Model; inputs: Record<string, string>; errors?: Diagnostic[] };
}

export function analyse(model: Model, options: AnalysisOptions = {}): Analysis {
  const contracts = options.contracts ?? new Map<string, LoadedContract>();
  // A function without a contract is placed with the services its role and environment say it calls.
  const servicesOf = new Map(model.functions.map((fn) => [fn.address, contracts.get(fn.bundle.name ?? '')?.contract?.services.filter((s) => s !== 'rds') ?? inferServices(model, fn).map((s) => s.service)]));
  const network = analyseNetwork(model, (place) => servicesOf.get(place.address) ?? []);
  // What each store holds, as the contracts of the functions that use it say: IAM classifies the stores with it.
  const iam = analyseIam(model, { matrix: options.iamMatrix ?? false, classifications: contractClassifications(model, contracts) });
  const names = analyseNames(model, options.longest?.model, options.longest?.inputs ?? {}, options.longest?.errors ?? []);
  return { network, iam, contracts: proveContracts(model, iam, network, contracts, { declared: options.contractsDeclared ?? true }), names };
}

export type { ContractProof, IamAnalysis, LoadedContract, NameAnalysis, NetworkAnalysis };
