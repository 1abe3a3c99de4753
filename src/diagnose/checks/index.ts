/**
 * Every check of Diagnose Connection, one file each; the runner (../run.ts) orders them by their `needs`.
 * The graph: key, configuration and statusPage start at once; dns → connect → tls → auth; rateLimits, models
 * and clock read auth's answer; liveCall runs only when asked.
 */
import type { DiagnosisCheck } from '../types';
import { authCheck } from './auth';
import { clockCheck } from './clock';
import { configurationCheck } from './configuration';
import { connectCheck } from './connect';
import { dnsCheck } from './dns';
import { keyCheck } from './key';
import { liveCallCheck } from './liveCall';
import { modelsCheck } from './models';
import { rateLimitsCheck } from './rateLimits';
import { statusPageCheck } from './statusPage';
import { tlsCheck } from './tls';

export const diagnosisChecks: readonly DiagnosisCheck[] = [
  keyCheck,
  configurationCheck,
  dnsCheck,
  connectCheck,
  tlsCheck,
  authCheck,
  rateLimitsCheck,
  modelsCheck,
  clockCheck,
  statusPageCheck,
  liveCallCheck,
];
