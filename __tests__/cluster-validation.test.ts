import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Frontend, ServerGroupPolicy, StackatoCluster, StackatoClusterProps } from "../lib";
import { roleLayoutErrors } from "../lib/cluster/roles";
import { Synthesized, synthErrors, synthStack } from "./support/synth";
import { testCluster } from "./support/test-cluster";

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  return testCluster(scope, { floatingIpPool: "public", ...overrides });
}

function exposedNames(out: Synthesized): string[] {
  const ext = Object.entries<any>(out.json.resource.openstack_networking_secgroup_v2).find(([, g]) =>
    g.name.endsWith("-ext"),
  )![0];
  return out
    .resources("openstack_networking_port_v2")
    .filter((p) => p.security_group_ids.includes(`\${openstack_networking_secgroup_v2.${ext}.id}`))
    .map((p) => p.name.replace(/-port$/, ""));
}

describe("StackatoCluster topologies", () => {
  test("with Frontend.core() (the default), the core is the exposed node", () => {
    const out = synthStack((s) => cluster(s).addDeas());
    expect(exposedNames(out)).toEqual(["stackato-core"]);
    expect(out.resources("openstack_networking_floatingip_v2")).toHaveLength(1);
    expect(out.resources("null_resource").some((r) => JSON.stringify(r).includes("bastion_host"))).toBe(true);
  });

  test("with Frontend.routers(), every router is exposed, those of a later addRouters() call too, and the core is not", () => {
    const out = synthStack((s) => {
      const c = cluster(s, { frontend: Frontend.routers({ count: 2 }) });
      c.addDeas();
      c.addRouters();
    });
    expect(exposedNames(out).sort()).toEqual(["stackato-router-1", "stackato-router-2", "stackato-router2-1"]);
    expect(out.resources("openstack_networking_floatingip_v2")).toHaveLength(3);
  });

  test("with Frontend.loadBalancer(), only the load balancer is exposed, not the routers behind it", () => {
    const out = synthStack((s) => cluster(s, { frontend: Frontend.loadBalancer() }).addRouters({ count: 2 }));
    expect(exposedNames(out)).toEqual(["stackato-lb"]);
    expect(out.resources("openstack_networking_floatingip_v2")).toHaveLength(1);
  });

  test("routers with Frontend.core() are refused, naming the frontend prop that makes them the front door", () => {
    expect(synthErrors((s) => cluster(s).addRouters())).toContain(
      "addRouters: the cluster's front door is the core (frontend: Frontend.core(), the default), so nothing would send these routers traffic; set frontend: Frontend.routers()",
    );
  });

  test("Frontend.routers({ count: 0 }) is refused: the cluster would have no front door", () => {
    expect(synthErrors((s) => cluster(s, { frontend: Frontend.routers({ count: 0 }) }))).toContain(
      "Frontend.routers.count: 0 routers leave the cluster without a front door",
    );
  });

  test("frontendAddress, taken right after the constructor, is the front door router's floating IP", () => {
    const out = synthStack((s) => {
      const c = cluster(s, { frontend: Frontend.routers() });
      new TerraformOutput(s, "front", { value: c.frontendAddress });
      c.addDeas();
    });
    expect(out.outputs().front.value).toBe(
      `\${${out.address("openstack_networking_floatingip_v2", "Routers/Node1/Server/FloatingIp")}.address}`,
    );
  });

  test("a single core with one controller needs no shared droplets volume", () => {
    const out = synthStack((s) => cluster(s));
    expect(out.resources("openstack_blockstorage_volume_v3")).toEqual([]);
    expect(out.resources("openstack_compute_instance_v2").map((i) => i.name)).toEqual(["stackato-core"]);
  });

  test("the shared droplets volume can be added before the controllers", () => {
    const out = synthStack((s) => {
      const c = cluster(s);
      c.addSharedDropletVolume();
      c.addControllers();
    });
    const sshfs = out.address("null_resource", "SharedDroplets/Sshfs-stackato-controller-1/Resource");
    expect(out.resource("null_resource", "Controllers/Node1/Attach/Resource").depends_on).toContain(sshfs);
  });

  test("provisioning off gives bare VMs and volumes, with no null_resource and no ssh variable", () => {
    const out = synthStack((s) => {
      const c = cluster(s, { provisioning: false, ssh: undefined });
      c.addControllers();
      c.addSharedDropletVolume();
      c.addDataServices();
    });
    expect(out.resources("null_resource")).toEqual([]);
    expect(out.json.variable).toBeUndefined();
    expect(out.resources("openstack_blockstorage_volume_v3")).toHaveLength(2);
  });

  test("preventDestroy can be turned off explicitly for throwaway clusters", () => {
    const out = synthStack((s) => {
      const c = cluster(s);
      c.addDataServices({ volume: { preventDestroy: false } });
    });
    expect(out.resources("openstack_blockstorage_volume_v3")[0].lifecycle).toEqual({ prevent_destroy: false });
  });

  test("named data-service roles replace the data-services group", () => {
    const out = synthStack((s) => cluster(s).addDataServices({ roles: ["postgresql", "mysql"], withVolume: false }));
    expect(
      out.resource("openstack_compute_instance_v2", "DataServices/Node1/Server/Instance").metadata.stackato_roles,
    ).toBe("postgresql,mysql");
    expect(out.resources("openstack_blockstorage_volume_v3")).toEqual([]);
  });

  test("an external PostgreSQL is configured after attach, with the password only as a variable reference", () => {
    const out = synthStack((s) => {
      const password = new TerraformVariable(s, "pg_password", { type: "string", sensitive: true });
      cluster(s).addDataServices({ externalPostgresql: { host: "10.0.9.9", password: password.stringValue } });
    });
    const step = out.resource("null_resource", "DataServices/Node1/ExternalPostgresql/Resource");
    // The password never enters the inline script (Terraform leaves that in /tmp): a 0700 directory, then
    // a file with its base64, read and removed by the script (so no secret is in the command text).
    const provisioners = step.provisioner.map((p: Record<string, any>) => Object.entries(p)[0]);
    expect(provisioners.map(([type]: [string]) => type)).toEqual(["remote-exec", "file", "remote-exec"]);
    expect(provisioners[0][1].inline).toEqual([
      'mkdir -p -m 700 "$HOME/.stackato-terraform/private" && chmod 700 "$HOME/.stackato-terraform/private"',
    ]);
    expect(provisioners[1][1]).toEqual({
      content: "${base64encode(var.pg_password)}",
      destination: ".stackato-terraform/private/external-postgresql-db_pass",
    });
    const script = provisioners[2][1].inline[0];
    expect(script).toContain("COMPONENT='postgresql_node'");
    expect(script).toContain(
      `DB_PASS="$(base64 -d < "$HOME"/'.stackato-terraform/private/external-postgresql-db_pass'; printf x)"`,
    );
    expect(JSON.stringify(step.provisioner.filter((p: Record<string, any>) => p["remote-exec"]))).not.toContain(
      "pg_password",
    );
    expect(step.triggers.db_pass_sha256).toBe("${sha256(var.pg_password)}");
    expect(step.depends_on).toEqual(
      expect.arrayContaining([
        out.address("null_resource", "DataServices/Node1/Attach/Resource"),
        out.address("null_resource", "DataServices/Node1/ServicesVolume/RelocateServices/Resource"),
      ]),
    );
  });
});

describe("StackatoCluster bad input", () => {
  test("fails on two primaries", () => {
    expect(synthErrors((s) => cluster(s).addDeas({ extraRoles: ["primary"] }))).toMatch(
      /roles: the cluster has 2 primary nodes but Stackato allows exactly one, the core; remove 'primary' from addDeas/,
    );
  });

  test("fails on zero primaries", () => {
    expect(roleLayoutErrors([{ source: "addDeas", count: 2, roles: ["dea"] }])).toContain(
      "roles: the cluster has no primary node; the core node must keep the primary role",
    );
  });

  test("fails on more than one controller without a SharedDropletVolume", () => {
    expect(synthErrors((s) => cluster(s).addControllers({ count: 2 }))).toMatch(
      /controllers: 3 controllers need a SharedDropletVolume to share droplets; call cluster\.addSharedDropletVolume\(\)/,
    );
  });

  test("fails on a role name Stackato does not know", () => {
    expect(synthErrors((s) => cluster(s).addDeas({ extraRoles: ["dae"] }))).toMatch(
      /addDeas\(extraRoles\): 'dae' is not a Stackato role; known roles: primary, controller/,
    );
    expect(synthErrors((s) => cluster(s, { core: { extraRoles: ["mdns"] } }))).toMatch(
      /core\(extraRoles\): 'mdns' is not a Stackato role; mdns is for micro clouds only/,
    );
  });

  test("fails on a load balancer with other roles", () => {
    expect(
      synthErrors((s) => {
        // @ts-expect-error the type has no extraRoles: this is what a JavaScript caller can still pass.
        const c = cluster(s, { frontend: Frontend.loadBalancer({ extraRoles: ["router"] }) });
        c.addRouters({ count: 2 });
      }),
    ).toMatch(
      /Frontend.loadBalancer\(extraRoles\): a load balancer cannot have other roles \(got router\); give those roles to other nodes/,
    );
  });

  test("fails on a load balancer with no routers behind it", () => {
    expect(synthErrors((s) => cluster(s, { frontend: Frontend.loadBalancer() }))).toMatch(
      /frontend: Frontend.loadBalancer\(\) spreads traffic over routers, and there are none; add them with addRouters\(\)/,
    );
  });

  test("fails on a volume size below 1 GB", () => {
    expect(
      synthErrors((s) => {
        const c = cluster(s);
        c.addControllers();
        c.addSharedDropletVolume({ sizeGb: 0 });
      }),
    ).toMatch(/addSharedDropletVolume\.sizeGb: 0 GB is not a volume size; Cinder sizes are whole GB, at least 1/);
    expect(synthErrors((s) => cluster(s).addDataServices({ volume: { sizeGb: 0.5 } }))).toMatch(
      /addDataServices\.volume\.sizeGb: 0\.5 GB is not a volume size/,
    );
  });

  test("fails on a controller count that is negative or not an integer", () => {
    expect(synthErrors((s) => cluster(s).addControllers({ count: -1 }))).toMatch(
      /addControllers\.count: -1 is not a node count; give a whole number, 0 or more/,
    );
    expect(synthErrors((s) => cluster(s).addControllers({ count: 1.5 }))).toMatch(
      /addControllers\.count: 1\.5 is not a node count/,
    );
  });

  test("fails on a cluster domain that is not a hostname", () => {
    for (const domain of ["paas example com", "localhost", "-bad.example.com", "10.0.0.5", "paas..example.com"]) {
      expect(synthErrors((s) => cluster(s, { domain }))).toMatch(
        new RegExp(`domain: "${domain.replace(/\./g, "\\.")}" is not a hostname; give the cluster's DNS name`),
      );
    }
  });

  test("fails on a missing private key path when provisioning is on", () => {
    expect(synthErrors((s) => cluster(s, { ssh: undefined }))).toMatch(
      /ssh\.privateKeyPath: provisioning logs in to every node over ssh; give privateKeyPath \(read with file\(\) at apply, never at synth\) or set useSshAgent: true, or turn provisioning off/,
    );
    expect(synthErrors((s) => cluster(s, { ssh: { privateKeyPath: "~/.ssh/id_rsa.pub" } }))).toMatch(
      /ssh\.privateKeyPath: "~\/\.ssh\/id_rsa\.pub" is a public key/,
    );
  });

  test("fails on a literal external database password", () => {
    expect(
      synthErrors((s) => cluster(s).addDataServices({ externalMysql: { host: "db", password: "hunter2" } })),
    ).toMatch(
      /addDataServices\.externalMysql\.password: a literal password would be written into cdk\.tf\.json; pass a sensitive TerraformVariable/,
    );
  });

  test("fails on a role flavor below 2 GB and on an unknown server group policy", () => {
    const errors = synthErrors((s) => cluster(s).addDeas({ count: 2, flavorName: "m1.tiny" }));
    expect(errors).toMatch(/addDeas\.flavorName: flavor 'm1\.tiny' has 512 MB RAM; Stackato needs at least 2048/);
    expect(errors.match(/has 512 MB RAM/g)).toHaveLength(1); // once per addXxx() call, not once per node
    expect(synthErrors((s) => cluster(s).addDeas({ serverGroupPolicy: "spread" as ServerGroupPolicy }))).toMatch(
      /addDeas\.serverGroupPolicy: "spread" is not a Nova policy; use one of anti-affinity/,
    );
  });

  test("a configuration with an error synthesizes nothing", () => {
    expect(() => synthStack((s) => cluster(s, { domain: "nope" }))).toThrow(/Validation failed/);
  });
});

describe("SharedDropletVolume", () => {
  test("controllers added before the volume still mount it and wait for their mount", () => {
    const out = synthStack((s) => {
      const c = cluster(s);
      c.addControllers();
      c.addSharedDropletVolume({ sizeGb: 20 });
    });
    expect(out.resource("openstack_blockstorage_volume_v3", "Cluster/SharedDroplets/Storage/Volume")).toMatchObject({
      name: "stackato-droplets",
      size: 20,
    });
    expect(out.resource("null_resource", "Controllers/Node1/Attach/Resource").depends_on).toContain(
      out.address("null_resource", "Cluster/SharedDroplets/Sshfs-stackato-controller-1/Resource"),
    );
  });

  test("a second droplets volume is refused", () => {
    expect(() =>
      synthStack((s) => {
        const c = cluster(s);
        c.addSharedDropletVolume();
        c.addSharedDropletVolume();
      }),
    ).toThrow(
      /addSharedDropletVolume: the cluster already has a droplets volume \(test\/Cluster\/SharedDroplets\); call addSharedDropletVolume\(\) once/,
    );
  });
});
