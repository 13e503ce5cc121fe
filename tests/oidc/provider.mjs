// A real OpenID Connect provider for Aktiv's single sign-on tests (tests/oidc/conftest.py
// starts it on a free 127.0.0.1 port). Built on the `oidc-provider` package: discovery, JWKS,
// authorization code flow with PKCE required, RS256 ID tokens, RP-initiated logout. Only the
// login and consent pages are ours (a form per step), so each test account can say how it
// signed in (`amr`).
//
//   node provider.mjs <port>      prints "ready <issuer>" when it listens
//
// For the cases a well-behaved provider never produces (a bad signature, an expired token),
// POST /__test__/tamper with `mode=bad-signature|expired|none` changes the ID token of the
// next token responses: re-signed with another key under the same key id, or with `exp` in
// the past. Aktiv still fetches it from this token endpoint and checks it against this JWKS.
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 0);
const issuer = `http://127.0.0.1:${port}`;
const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-000000000002';
export const PASSWORD = 'passord';

// The test accounts: the login form takes the account id as user name.
const ACCOUNTS = {
  kari: { email: 'kari@aktiv.test', name: 'Kari Nordmann', amr: ['pwd'], tid: TENANT },
  hanne: { email: 'hanne@aktiv.test', name: 'Hanne HR', amr: ['pwd', 'mfa'], tid: TENANT },
  hans: { email: 'hans@aktiv.test', name: 'Hans HR', amr: ['pwd'], tid: TENANT },
  ukjent: { email: 'ukjent@aktiv.test', name: 'Ukjent Person', amr: ['pwd'], tid: TENANT },
  gjest: { email: 'gjest@annen.test', name: 'Gjest Annen', amr: ['pwd', 'mfa'], tid: OTHER_TENANT },
};

const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
const other = await jose.generateKeyPair('RS256', { extractable: true });
void publicKey;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'aktiv',
      client_secret: 'aktiv-test-secret',
      redirect_uris: ['http://testserver/logg-inn/sso/ferdig/'],
      post_logout_redirect_uris: ['http://testserver/logg-inn/'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true },
  cookies: { keys: ['aktiv-test-cookie-key'] },
  claims: {
    // amr in the ID token, as Entra ID sends it: ["pwd"] or ["pwd", "mfa"].
    openid: ['sub', 'oid', 'tid', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // Put the claims in the ID token, as Entra ID does.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          oid: `oid-${id}`,
          tid: account.tid,
          email: account.email,
          email_verified: true,
          name: account.name,
        };
      },
    };
  },
});

// The redirect URIs of the test client: any port on 127.0.0.1 (pytest's live server) and
// Django's test client host, on Aktiv's own paths.
const allowed = (path) => (value) => {
  try {
    const url = new URL(value);
    const host = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.host === 'testserver';
    return url.protocol === 'http:' && host && url.pathname === path;
  } catch {
    return false;
  }
};
provider.Client.prototype.redirectUriAllowed = allowed('/logg-inn/sso/ferdig/');
provider.Client.prototype.postLogoutRedirectUriAllowed = allowed('/logg-inn/');

let tamper = 'none';

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || tamper === 'none' || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const header = { alg: 'RS256', kid: signingJwk.kid, typ: 'JWT' };
  if (tamper === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    ctx.body.id_token = await new jose.SignJWT(claims).setProtectedHeader(header).sign(privateKey);
  } else if (tamper === 'bad-signature') {
    ctx.body.id_token = await new jose.SignJWT(claims).setProtectedHeader(header).sign(other.privateKey);
  }
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Feil', '<p>Ukjent innlogging.</p>'));
  const { prompt, params } = details;
  if (req.method === 'GET') {
    if (prompt.name === 'login') {
      return send(res, 200, page('Testleverandør: logg inn', `
<form method="post" action="/interaction/${uid}/login">
<label>Brukernavn <input name="login" autocomplete="off"></label>
<label>Passord <input name="password" type="password"></label>
<button type="submit">Logg inn hos leverandøren</button></form>`));
    }
    return send(res, 200, page('Testleverandør: samtykke', `
<p>${escape(params.client_id)} ber om: ${escape(params.scope)}</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Godta</button></form>`));
  }
  const form = await readForm(req);
  if (action === 'login') {
    const id = form.get('login');
    const account = ACCOUNTS[id];
    if (!account || form.get('password') !== PASSWORD) {
      return send(res, 400, page('Testleverandør: logg inn', '<p>Feil brukernavn eller passord.</p>'));
    }
    return provider.interactionFinished(req, res, { login: { accountId: id, amr: account.amr } }, {
      mergeWithLastSubmission: false,
    });
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login|confirm))?$/);
    if (match) return await interaction(req, res, match[1], match[2]);
    if (url.pathname === '/__test__/tamper' && req.method === 'POST') {
      tamper = (await readForm(req)).get('mode') || 'none';
      res.writeHead(204);
      return res.end();
    }
    return handle(req, res);
  } catch (error) {
    send(res, 500, page('Feil', `<pre>${escape(error.stack)}</pre>`));
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
