/**
 * A minimal OpenStack REST client for the checks: password auth against keystone v3, endpoints from
 * the token's catalog, JSON in and out. Every request closes its connection (uwsgi resets reused
 * keep-alive connections), and nothing but 127.0.0.1 is ever dialled: the run sits in a network
 * namespace that has only `lo`.
 */
import * as http from "http";

export interface Credentials {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
}

interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function request(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
  timeoutMs = 60000,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent: false,
        timeout: timeoutMs,
        headers: {
          Connection: "close",
          Accept: "application/json",
          // A length, not chunked encoding: uwsgi's http-socket reads no chunked bodies.
          ...(data === undefined
            ? {}
            : { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(data)) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)));
    req.on("error", reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

interface CatalogEntry {
  type: string;
  endpoints: { interface: string; url: string; region_id?: string }[];
}

export class OpenStack {
  private constructor(
    private readonly token: string,
    private readonly catalog: CatalogEntry[],
    readonly projectId: string,
  ) {}

  static async login(creds: Credentials): Promise<OpenStack> {
    const res = await request(
      "POST",
      `${creds.authUrl.replace(/\/$/, "")}/auth/tokens`,
      {},
      {
        auth: {
          identity: {
            methods: ["password"],
            password: { user: { name: creds.username, domain: { name: "Default" }, password: creds.password } },
          },
          scope: { project: { name: creds.projectName, domain: { name: "Default" } } },
        },
      },
    );
    if (res.status !== 201) throw new Error(`keystone login as ${creds.username}: HTTP ${res.status} ${res.body}`);
    const token = res.headers["x-subject-token"];
    const parsed = JSON.parse(res.body) as { token: { catalog: CatalogEntry[]; project: { id: string } } };
    return new OpenStack(String(token), parsed.token.catalog, parsed.token.project.id);
  }

  endpoint(type: string): string {
    const entry = this.catalog.find((e) => e.type === type);
    const ep = entry?.endpoints.find((e) => e.interface === "public");
    if (!ep) throw new Error(`no public ${type} endpoint in the catalog`);
    return ep.url.replace(/\/$/, "");
  }

  /** GET a JSON document from a service (`compute`, `network`, `volumev3`, `image`). */
  async get<T = Record<string, unknown>>(
    service: string,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const url = `${this.endpoint(service)}${path}`;
    const res = await request("GET", url, { "X-Auth-Token": this.token, ...headers });
    if (res.status < 200 || res.status >= 300) throw new Error(`GET ${url}: HTTP ${res.status} ${res.body}`);
    return JSON.parse(res.body) as T;
  }

  async delete(service: string, path: string): Promise<number> {
    const res = await request("DELETE", `${this.endpoint(service)}${path}`, { "X-Auth-Token": this.token });
    return res.status;
  }
}
