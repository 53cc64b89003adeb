// A real OpenID Provider for the tests: oidc-provider (OpenID certified) with one static client and the
// test accounts given by the suite. The built-in development sign-in pages are used: the login is the
// account's subject (any password is accepted), then a consent page.
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS (comma separated), ACCOUNTS (JSON:
// {"<subject>": {"email": ..., "email_verified": true, "name": ...}}).
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || "{}");

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: process.env.REDIRECT_URIS.split(","),
    response_types: ["code"],
    grant_types: ["authorization_code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  async findAccount(ctx, subject) {
    const known = accounts[subject];
    if (!known) return undefined;
    return { accountId: subject, async claims() { return { sub: subject, ...known }; } };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // Put the requested claims in the ID token too (as Google and Entra ID do).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["test-only-cookie-key"] },
  ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60 },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
