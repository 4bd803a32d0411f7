import { Testing } from "cdktf";
import { Construct } from "constructs";
import { ClusterStack, clusterSettingsFromEnv } from "../examples";
import { Frontend, StackatoCluster, StackatoClusterProps } from "../lib";
import { Synthesized, recordStack, synthErrors, synthStack } from "./support/synth";
import { testCluster } from "./support/test-cluster";

function cluster(scope: Construct, overrides: Partial<StackatoClusterProps> = {}): StackatoCluster {
  return testCluster(scope, { floatingIpPool: "public", ssh: { privateKeyPath: "~/.ssh/id_rsa" }, ...overrides });
}

const data = (out: Synthesized, id: string) => out.resource("terraform_data", `Cluster/${id}`);

/** Every `${...}` expression in a destroy-time provisioner and the connection it uses. */
function expressions(resource: Record<string, any>): string[] {
  const text = JSON.stringify([resource.provisioner, resource.connection]);
  return [...text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)].map((m) => m[1].replace(/\\/g, ""));
}

describe("scale in: one membership per node, removed on the core before its instance (issue 16, item 1)", () => {
  const out = recordStack(new ClusterStack(Testing.app(), "cluster", clusterSettingsFromEnv({})));
  const membership = data(out, "Membership");
  const pool = data(out, "LoadBalancerPool");

  test("one block for the cluster, one instance per node but the core, keyed by node name", () => {
    expect(Object.keys(membership.for_each).sort()).toEqual([
      "stackato-controller-1",
      "stackato-controller-2",
      "stackato-data-1",
      "stackato-dea-1",
      "stackato-dea-2",
      "stackato-lb",
      "stackato-router-1",
      "stackato-router-2",
    ]);
    expect(membership.for_each["stackato-dea-1"].retire).toBe("yes");
    expect(membership.for_each["stackato-router-1"].retire).toBe("no");
    expect(Object.keys(pool.for_each).sort()).toEqual(["stackato-router-1", "stackato-router-2"]);
  });

  test("destroy-time provisioners and their connections read only self", () => {
    for (const resource of [membership, pool]) {
      expect(resource.provisioner).toHaveLength(1);
      expect(resource.provisioner[0]["remote-exec"].when).toBe("destroy");
      // Any reference but self (a variable, another resource, each) is refused by Terraform at destroy time.
      const references = expressions(resource).flatMap((e) => [...e.matchAll(/\b([A-Za-z_][\w-]*)\.[A-Za-z_]/g)]);
      expect(references.map((m) => m[1]).filter((name) => name !== "self")).toEqual([]);
      expect(references.length).toBeGreaterThan(5);
    }
    const script = membership.provisioner[0]["remote-exec"].inline[0];
    expect(script).toContain('"$KATO" node retire -n "$NODE_IP"');
    expect(script).toContain('"$KATO" node remove --skip-detach "$NODE_IP"');
  });

  test("only a new instance of the node replaces its membership; the core's address and ssh route are updated in place", () => {
    expect(membership.triggers_replace).toBe("${each.value.instance_id}");
    expect(membership.input.host).toMatch(/Cluster_Core_Server_Port/);
    expect(membership.input.bastion_host).toMatch(/Cluster_LoadBalancer_Server_FloatingIp/);
    expect(membership.input.key_path).toBe("${var.stackato_ssh_private_key_path}");
    expect(pool.input.host).toMatch(/Cluster_LoadBalancer_Server_FloatingIp/);
  });

  test("no key material in the state: the key is read from its path when the provisioner runs", () => {
    expect(membership.connection.private_key).toBe(
      '${self.input.key_path == "" ? null : file(pathexpand(self.input.key_path))}',
    );
    expect(JSON.stringify(membership.input)).not.toMatch(/file\(/);
  });

  test("a router leaves the load balancer before it leaves the cluster", () => {
    expect(pool.depends_on).toEqual([out.address("terraform_data", "Cluster/Membership")]);
  });

  test("nothing is create_before_destroy (it would stop destroy provisioners and propagate to instances)", () => {
    expect(JSON.stringify(out.json)).not.toContain("create_before_destroy");
  });
});

describe("the load balancer follows its routers (issue 16, item 2)", () => {
  test("its setup is for exactly the routers, those added after it too, and re-runs when one is replaced", () => {
    const out = synthStack((s) => {
      const c = cluster(s, { frontend: Frontend.loadBalancer() });
      c.addRouters({ count: 1 });
      c.addDeas();
      c.addRouters({ count: 1 });
    });
    const setup = out.resource("null_resource", "Cluster/LoadBalancer/Setup/Resource");
    expect(setup.triggers.router_ips).toMatch(/^\$\{join\(" ", \[.*Routers_Node1_.*Routers2_Node1_.*\]\)\}$/);
    expect(setup.triggers.router_instance_ids).toMatch(/Routers_Node1_Server_Instance.*Routers2_Node1_Server_Instance/);
    expect(Object.keys(out.resource("terraform_data", "Cluster/LoadBalancerPool").for_each)).toEqual([
      "stackato-router-1",
      "stackato-router2-1",
    ]);
  });

  test("the last router cannot go while there is a load balancer: synth refuses it", () => {
    expect(synthErrors((s) => cluster(s, { frontend: Frontend.loadBalancer() }).addRouters({ count: 0 }))).toMatch(
      /frontend: Frontend.loadBalancer\(\) spreads traffic over routers, and there are none/,
    );
  });

  test("without a load balancer there is no pool to leave", () => {
    const out = synthStack((s) => cluster(s, { frontend: Frontend.routers({ count: 2 }) }));
    expect(out.resources("terraform_data")).toHaveLength(1);
  });
});
