// lb-gate's own JSON schemas, each registered with the validator that scripts/gen-validators.mjs
// precompiled from it, so that compileSchema hands that out: compiling them with ajv took a
// cold run ~100 ms (the Envoy schema). Take the schemas from here, not from schemas/ directly.

import envoySchema from '../../schemas/envoy.schema.json' with { type: 'json' };
import gatewayApiSchema from '../../schemas/gateway-api.schema.json' with { type: 'json' };
import ingressSchema from '../../schemas/ingress.schema.json' with { type: 'json' };
import policySchema from '../../schemas/lb-gate.schema.json' with { type: 'json' };
import traefikSchema from '../../schemas/traefik.schema.json' with { type: 'json' };
import { validate as validateEnvoy } from './compiled/envoy.js';
import { validate as validateGatewayApi } from './compiled/gateway-api.js';
import { validate as validateIngress } from './compiled/ingress.js';
import { validate as validatePolicy } from './compiled/lb-gate.js';
import { validate as validateTraefik } from './compiled/traefik.js';
import { usePrecompiled } from './json-schema.js';

export interface BuiltInSchema {
  /** Its file in the repository, as findings name it. */
  name: string;
  schema: object;
}

export const BUILT_IN_SCHEMAS = {
  envoy: { name: 'schemas/envoy.schema.json', schema: usePrecompiled(envoySchema, validateEnvoy) },
  traefik: { name: 'schemas/traefik.schema.json', schema: usePrecompiled(traefikSchema, validateTraefik) },
  'gateway-api': { name: 'schemas/gateway-api.schema.json', schema: usePrecompiled(gatewayApiSchema, validateGatewayApi) },
  ingress: { name: 'schemas/ingress.schema.json', schema: usePrecompiled(ingressSchema, validateIngress) },
  policy: { name: 'schemas/lb-gate.schema.json', schema: usePrecompiled(policySchema, validatePolicy) },
} as const satisfies Record<string, BuiltInSchema>;
