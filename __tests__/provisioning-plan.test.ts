import { Aspects, Testing } from "cdktf";
import { Frontend, NodeKind, StackatoCluster, StackatoImage } from "../lib";
import { PlanInput, PlanNode, StepAction, describePlan, planProvisioning } from "../lib/provisioning/plan";
import { newStack } from "./support/synth";

const node = (name: string, kind: NodeKind, roles: string[], extra: Partial<PlanNode> = {}): PlanNode => ({
  name,
  kind,
  roles,
  hasServicesVolume: false,
  externalMysql: false,
  externalPostgresql: false,
  ...extra,
});

/** The example cluster's layout: core, 2 controllers, 2 DEAs, 2 routers, a load balancer, a data node. */
const example: PlanInput = {
  stackatoVersion: "3.6.2",
  sharedDroplets: true,
  nodes: [
    node("s-core", NodeKind.CORE, ["primary", "controller", "router"]),
    node("s-controller-1", NodeKind.CONTROLLER, ["controller"]),
    node("s-controller-2", NodeKind.CONTROLLER, ["controller"]),
    node("s-dea-1", NodeKind.DEA, ["dea"]),
    node("s-router-1", NodeKind.ROUTER, ["router"]),
    node("s-router-2", NodeKind.ROUTER, ["router"]),
    node("s-lb", NodeKind.LOAD_BALANCER, []),
    node("s-data-1", NodeKind.DATA_SERVICES, ["data-services"], { hasServicesVolume: true, externalMysql: true }),
  ],
};

describe("planProvisioning", () => {
  const plan = planProvisioning(example);
  const ids = plan.map((s) => s.id);
  const step = (id: string) => plan.find((s) => s.id === id)!;

  test("every step comes after the steps it waits for, and ids are unique", () => {
    expect(new Set(ids).size).toBe(ids.length);
    plan.forEach((s, index) => {
      for (const d of s.after) if ("step" in d) expect(ids.indexOf(d.step)).toBeLessThan(index);
    });
  });

  test("the core is set up first; the droplets volume and the cluster key come before any Controller mounts", () => {
    expect(ids[0]).toBe("s-core/core-setup");
    expect(step("s-controller-1/mount-shared-droplets").after).toEqual([
      { step: "s-core/relocate-droplets" },
      { step: "s-core/share-staged-uploads" },
      { step: "s-core/create-cluster-key" },
      { step: "s-core/authorize-cluster-key" },
      { reachable: "s-controller-1" },
    ]);
    expect(step("s-controller-1/attach").after).toContainEqual({ step: "s-controller-1/mount-shared-droplets" });
    expect(step("s-dea-1/attach").after).toEqual([
      { step: "s-core/core-setup" },
      { reachable: "s-dea-1" },
      { step: "s-core/relocate-droplets" },
      { step: "s-core/share-staged-uploads" },
    ]);
    const withoutVolume = planProvisioning({ ...example, sharedDroplets: false });
    expect(withoutVolume.find((s) => s.id === "s-dea-1/attach")!.after).toEqual([
      { step: "s-core/core-setup" },
      { reachable: "s-dea-1" },
    ]);
  });

  test("no node attaches while the core's kato is stopped for the droplets volume (issue 7, defect 3)", () => {
    const coreVolumeSteps = ["s-core/relocate-droplets", "s-core/share-staged-uploads"];
    const waitsFor = (id: string, target: string, seen = new Set<string>()): boolean => {
      if (id === target) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return step(id).after.some((d) => "step" in d && waitsFor(d.step, target, seen));
    };
    const attaches = ids.filter((id) => id.endsWith("/attach"));
    expect(attaches.length).toBe(6);
    for (const attach of attaches)
      for (const target of coreVolumeSteps)
        expect([attach, target, waitsFor(attach, target)]).toEqual([attach, target, true]);
  });

  test("the load balancer waits for every router; services and external databases wait for their node's attach", () => {
    expect(step("s-lb/load-balancer-setup").after).toEqual([
      { step: "s-core/core-setup" },
      { reachable: "s-lb" },
      { step: "s-core/create-ssl-certificate" },
      { step: "s-router-1/attach" },
      { step: "s-router-2/attach" },
    ]);
    expect(step("s-data-1/relocate-services").after).toEqual([
      { step: "s-data-1/mount-services-volume" },
      { step: "s-data-1/attach" },
    ]);
    expect(step("s-data-1/external-mysql").after).toEqual([
      { step: "s-data-1/attach" },
      { step: "s-data-1/relocate-services" },
    ]);
    expect(ids.filter((id) => id.startsWith("s-lb/"))).toEqual(["s-lb/load-balancer-setup"]);
  });

  test("staged uploads are shared only from Stackato 3.2, and without a droplets volume nothing is mounted", () => {
    expect(planProvisioning({ ...example, stackatoVersion: "3.0" }).map((s) => s.action)).not.toContain(
      StepAction.SHARE_STAGED_UPLOADS,
    );
    const bare = planProvisioning({ ...example, sharedDroplets: false }).map((s) => s.action);
    expect(bare).not.toContain(StepAction.MOUNT_SHARED_DROPLETS);
    expect(bare).not.toContain(StepAction.CREATE_CLUSTER_KEY);
  });

  test("adding nodes only adds steps and appends dependencies, so steps can be built as nodes are added", () => {
    for (let n = 1; n < example.nodes.length; n++) {
      const before = planProvisioning({ ...example, nodes: example.nodes.slice(0, n) });
      const after = new Map(
        planProvisioning({ ...example, nodes: example.nodes.slice(0, n + 1) }).map((s) => [s.id, s]),
      );
      for (const s of before) {
        expect(after.get(s.id)!.after.slice(0, s.after.length)).toEqual(s.after);
      }
    }
  });

  test("describePlan lists the steps in order with what they wait for", () => {
    const text = describePlan(plan);
    expect(text.split("\n")[0]).toBe("1. s-core/core-setup (after s-core reachable)");
    expect(text).toContain(
      "s-lb/load-balancer-setup (after s-core/core-setup, s-lb reachable, s-core/create-ssl-certificate, s-router-1/attach, s-router-2/attach)",
    );
  });
});

describe("construction flows one way", () => {
  function build(order: "routers-first" | "deas-first"): string {
    const stack = newStack();
    const image = new StackatoImage(stack, "Image", { existingImageName: "Stackato-3.6.2" });
    const cluster = new StackatoCluster(stack, "Cluster", {
      domain: "paas.example.com",
      image,
      keyName: "ops",
      networkName: "private",
      floatingIpPool: "public",
      ssh: { useSshAgent: true },
      frontend: Frontend.loadBalancer(),
    });
    if (order === "routers-first") {
      cluster.addRouters({ count: 2 });
      cluster.addDeas();
    } else {
      cluster.addDeas();
      cluster.addRouters({ count: 2 });
    }
    expect(Aspects.of(cluster).all).toHaveLength(0);
    return Testing.synth(stack, true);
  }

  test("no aspects; the order of addXxx() calls does not change the result; only the front door has a floating IP", () => {
    const routersFirst = build("routers-first");
    expect(build("deas-first")).toBe(routersFirst);
    const fips = Object.keys(JSON.parse(routersFirst).resource.openstack_networking_floatingip_v2);
    expect(fips).toEqual([expect.stringMatching(/^Cluster_LoadBalancer_Server_FloatingIp_/)]);
  });
});

describe("the shared SSL certificate (issue 7, defect 7)", () => {
  const plan = planProvisioning(example);
  const step = (id: string) => plan.find((s) => s.id === id)!;

  test("is made once, installed on the core after its setup, and reaches every router before it attaches and the load balancer before its setup", () => {
    expect(plan.filter((s) => s.action === StepAction.CREATE_SSL_CERTIFICATE).map((s) => s.id)).toEqual([
      "s-core/create-ssl-certificate",
    ]);
    expect(step("s-core/install-ssl-certificate").after).toEqual([
      { step: "s-core/core-setup" },
      { step: "s-core/create-ssl-certificate" },
      { reachable: "s-core" },
      { step: "s-core/relocate-droplets" },
      { step: "s-core/share-staged-uploads" },
    ]);
    for (const id of ["s-router-1/attach", "s-router-2/attach", "s-lb/load-balancer-setup"])
      expect(step(id).after).toContainEqual({ step: "s-core/create-ssl-certificate" });
  });

  test("a cluster with no router or load balancer besides the core shares nothing", () => {
    const small = planProvisioning({
      ...example,
      nodes: example.nodes.filter((n) => n.kind !== NodeKind.ROUTER && n.kind !== NodeKind.LOAD_BALANCER),
    });
    expect(small.map((s) => s.action)).not.toContain(StepAction.CREATE_SSL_CERTIFICATE);
  });
});

describe("steps on one node", () => {
  test("never run at once: each step on a node waits, directly or not, for the node's earlier steps that stop kato", () => {
    const plan = planProvisioning(example);
    const byId = new Map(plan.map((s) => [s.id, s]));
    const waitsFor = (id: string, target: string, seen = new Set<string>()): boolean => {
      if (id === target) return true;
      if (seen.has(id)) return false;
      seen.add(id);
      return byId.get(id)!.after.some((d) => "step" in d && waitsFor(d.step, target, seen));
    };
    const stopsKato = new Set([
      StepAction.RELOCATE_DROPLETS,
      StepAction.SHARE_STAGED_UPLOADS,
      StepAction.RELOCATE_SERVICES,
      StepAction.MOUNT_SHARED_DROPLETS,
    ]);
    const remote = plan.filter(
      (s) =>
        s.action !== StepAction.CREATE_CLUSTER_KEY &&
        s.action !== StepAction.CREATE_SSL_CERTIFICATE &&
        s.action !== StepAction.AUTHORIZE_CLUSTER_KEY &&
        s.action !== StepAction.MOUNT_DROPLETS_VOLUME &&
        s.action !== StepAction.MOUNT_SERVICES_VOLUME,
    );
    for (const a of remote) {
      for (const b of remote) {
        if (a === b || a.node !== b.node || !stopsKato.has(a.action)) continue;
        expect([a.id, b.id, waitsFor(a.id, b.id) || waitsFor(b.id, a.id)]).toEqual([a.id, b.id, true]);
      }
    }
  });
});
