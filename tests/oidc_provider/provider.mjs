// The tests' identity provider: panva/oidc-provider (OpenID Certified) on loopback, with one
// test client and a few staff accounts. Started by tests/oidc.py with Node from the venv.
// Usage: node provider.mjs PORT CONFIG_JSON
//   CONFIG_JSON: {"client_id", "client_secret", "redirect_uris": [...], "accounts": {email: {...}}}
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const setup = JSON.parse(process.argv[3]);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: setup.client_id,
      client_secret: setup.client_secret,
      redirect_uris: setup.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  conformIdTokenClaims: false, // the ID token carries email and groups, as Entra and Okta can
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["steady-test-provider-cookie-key"] },
  async findAccount(_ctx, id) {
    const account = setup.accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: account.email_verified !== false,
          name: account.name || id,
          groups: account.groups || [],
        };
      },
    };
  },
});
provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
