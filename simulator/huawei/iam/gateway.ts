import type { components } from '../../../contracts/generated/huawei-iam.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { SimRequest } from '../../../src/engine/simRequest.js';
import { jsonResponse, type SimResponse } from '../../../src/engine/simResponse.js';
import { parseUrlEncoded } from '../../../src/engine/urlEncoding.js';
import { RequestTrace } from '../../../src/engine/trace.js';
import type { Account } from '../../../src/fleet/model.js';
import { authenticate } from '../authenticate.js';
import { HuaweiError } from '../errors.js';
import { iamContract } from './contract.js';
import { iamTime, sealToken, TOKEN_LIFETIME_MS } from './token.js';

type Schemas = components['schemas'];
type PasswordTokenRequest = Schemas['PasswordTokenRequest'];
type Huawei = NonNullable<Account['huawei']>;

/**
 * The IAM endpoint, as far as GSL clients need it: tokens by password, and the project list the
 * SDK core reads to resolve a project id. IAM answers its own errors in Keystone's shape; anything
 * else under /v3/ is a path the gateway does not publish.
 */
export function handleIamRequest(req: SimRequest, ctx: EngineContext, trace: RequestTrace = new RequestTrace()): SimResponse {
  const requestId = ctx.requestIds.nextHex();
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  try {
    // Named for the journal; fault rules do not reach IAM (docs/control-plane.md, "Faults").
    if (req.method === 'POST' && req.path === '/v3/auth/tokens') {
      trace.action = 'KeystoneCreateUserTokenByPassword';
      return createToken(req, ctx, headers);
    }
    if (req.method === 'GET' && req.path === '/v3/projects') {
      trace.action = 'KeystoneListProjects';
      return listProjects(req, ctx, headers, trace);
    }
    throw new HuaweiError('APIGW.0101');
  } catch (err) {
    if (!(err instanceof HuaweiError)) throw err;
    trace.errorCode = err.code;
    return jsonResponse(err.status, err.body(requestId), headers);
  }
}

function iamError(status: 400 | 401, message: string, headers: Record<string, string>): SimResponse {
  const title = status === 400 ? 'Bad Request' : 'Unauthorized';
  return jsonResponse(status, { error: { code: status, title, message } }, headers);
}

function createToken(req: SimRequest, ctx: EngineContext, headers: Record<string, string>): SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(req.body));
  } catch {
    return iamError(400, 'The request body is not valid JSON.', headers);
  }
  const issue = iamContract.checkBody('KeystoneCreateUserTokenByPassword', body);
  if (issue) return iamError(400, `Invalid request: ${issue.message}.`, headers);
  const { auth } = body as PasswordTokenRequest;
  const user = auth.identity.password.user;

  const account = ctx.fleet.accounts().find((a) => a.huawei?.domainName === user.domain.name);
  const huawei = account?.huawei;
  if (!account || !huawei || !huawei.iamUsers.some((u) => u.name === user.name && u.password === user.password)) {
    return iamError(401, 'The username or password is wrong.', headers);
  }

  const project = auth.scope?.project;
  const domain = auth.scope?.domain;
  if (project && project.id !== huawei.projectId && project.name !== huawei.region) {
    return iamError(401, 'The project ID or name in the scope is invalid.', headers);
  }
  if (domain && domain.id !== huawei.domainId && domain.name !== huawei.domainName) {
    return iamError(401, 'The domain ID or name in the scope is invalid.', headers);
  }

  const issuedAt = ctx.clock.now();
  const expiresAt = issuedAt + TOKEN_LIFETIME_MS;
  const token = sealToken(ctx, { a: account.id, u: user.name, ...(project ? { p: huawei.projectId } : {}), i: issuedAt, e: expiresAt });
  const noCatalog = [...parseUrlEncoded(req.rawQuery, true)].some(([name, value]) => name === 'nocatalog' && value !== '');
  const domainRef = { id: huawei.domainId, name: huawei.domainName };
  const answer: Schemas['TokenResponse'] = {
    token: {
      expires_at: iamTime(expiresAt),
      issued_at: iamTime(issuedAt),
      methods: ['password'],
      ...(noCatalog ? {} : { catalog: catalog(huawei) }),
      ...(project ? { project: { id: huawei.projectId, name: huawei.region, domain: domainRef } } : { domain: domainRef }),
      roles: [{ id: '0', name: 'te_admin' }],
      user: { id: userId(ctx, huawei, user.name), name: user.name, domain: domainRef, password_expires_at: '' },
    },
  };
  return jsonResponse(201, answer, { ...headers, 'X-Subject-Token': token });
}

/** The catalog lists GSL at the simulator's own address space (clients use the endpoint they know). */
function catalog(huawei: Huawei): NonNullable<Schemas['TokenResponse']['token']['catalog']> {
  return [
    {
      type: 'gsl',
      id: 'gsl',
      name: 'gsl',
      endpoints: [
        {
          url: `https://gsl.${huawei.region}.myhuaweicloud.com`,
          region: huawei.region,
          region_id: huawei.region,
          interface: 'public',
          id: `gsl-${huawei.region}`,
        },
      ],
    },
  ];
}

/** IAM user ids are 32 hex digits; derived from the account and name so they are stable. */
function userId(ctx: EngineContext, huawei: Huawei, name: string): string {
  return ctx.digests.sha256Hex(`iam-user\n${huawei.domainId}\n${name}`).slice(0, 32);
}

/** GET /v3/projects?name=<region>: the account's one project (its region), signed or with a token. */
function listProjects(req: SimRequest, ctx: EngineContext, headers: Record<string, string>, trace: RequestTrace): SimResponse {
  const principal = authenticate(req, ctx, trace);
  trace.account = principal.account.id;
  if (principal.warning)
    headers['X-Sim-Auth-Warning'] = `${principal.warning.code} ${principal.warning.message}`.replace(/[^\x20-\x7e]/g, '?');
  const huawei = principal.account.huawei;
  const query = new Map(parseUrlEncoded(req.rawQuery, true));
  const name = query.get('name');
  const projects: Schemas['Project'][] =
    huawei && (name === undefined || name === huawei.region)
      ? [
          {
            id: huawei.projectId,
            name: huawei.region,
            domain_id: huawei.domainId,
            parent_id: huawei.domainId,
            is_domain: false,
            enabled: true,
            description: '',
            links: { self: `https://iam.myhuaweicloud.com/v3/projects/${huawei.projectId}` },
          },
        ]
      : [];
  return jsonResponse(200, { projects, links: { self: 'https://iam.myhuaweicloud.com/v3/projects', previous: null, next: null } }, headers);
}
