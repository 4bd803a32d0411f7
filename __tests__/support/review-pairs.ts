/**
 * Versions of the cluster example, synthesized to their own cdktf.out, for the review tests: the
 * example as published plus one user-named volume, and the edits a pull request might make to it.
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Frontend, NodeVolume, Peer, Port } from "../../lib";
import { OpenstackProvider } from "../../lib/openstack";
import { buildExamples, ClusterStack, clusterSettingsFromEnv } from "../../examples";
import { testCluster } from "./test-cluster";

export interface ClusterVariant {
  /** Construct id of the logs volume the user added to the core. */
  readonly logsVolumeId?: string;
  readonly deaFlavorName?: string;
  readonly deaCount?: number;
  /** A port opened to the whole internet on the external group. */
  readonly extraPublicPort?: number;
  /** The logs volume's old Terraform address: a `moved` block from it (`moveFromId`), as the review advises. */
  readonly logsVolumeMovedFrom?: string;
  /** The cluster's domain instead of the example's. */
  readonly domain?: string;
  /** Routers of a second addRouters() call (stackato-router2-1, ...), behind the load balancer. */
  readonly extraRouters?: number;
  /** The cluster's certificateGeneration. */
  readonly certificateGeneration?: number;
  /** Two more volumes of the core (audit, cache), under one construct of the user's with this id. */
  readonly storageGroupId?: string;
}

/** Synthesizes the variant into a new temporary folder and returns that cdktf.out. */
export function synthClusterVariant(variant: ClusterVariant = {}, prefix = "review-pair-"): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const app = new App({ outdir, skipValidation: false });
  const settings = {
    ...clusterSettingsFromEnv(variant.domain === undefined ? {} : { STACKATO_DOMAIN: variant.domain }),
    deaFlavorName: variant.deaFlavorName ?? "m1.large",
    deaCount: variant.deaCount,
    certificateGeneration: variant.certificateGeneration,
  };
  const stack = new ClusterStack(app, "cluster", settings);
  const logs = new NodeVolume(stack, variant.logsVolumeId ?? "Logs", {
    node: stack.cluster.core,
    volumeName: "stackato-logs",
    label: "logs",
    mountPoint: "/mnt/logs",
    sizeGb: 5,
  });
  if (variant.logsVolumeMovedFrom !== undefined) logs.volume.moveFromId(variant.logsVolumeMovedFrom);
  if (variant.extraRouters) stack.cluster.addRouters({ count: variant.extraRouters });
  if (variant.storageGroupId !== undefined) {
    const group = new Construct(stack, variant.storageGroupId);
    for (const [id, label] of [
      ["Audit", "audit"],
      ["Cache", "cache"],
    ]) {
      new NodeVolume(group, id, {
        node: stack.cluster.core,
        volumeName: `stackato-${label}`,
        label,
        mountPoint: `/mnt/${label}`,
        sizeGb: 5,
      });
    }
  }
  if (variant.extraPublicPort !== undefined) {
    stack.cluster.securityGroups.external.addIngressRule(Peer.anyIpv4(), Port.tcp(variant.extraPublicPort));
  }
  app.synth();
  return outdir;
}

/** The examples app (cluster and micro-cloud) with its defaults, synthesized to a new folder. */
export function synthExamples(prefix = "review-examples-"): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const app = new App({ outdir });
  buildExamples(app, {});
  app.synth();
  return outdir;
}

/**
 * A stack a new user might write: a cluster named "paas" whose domain is a required Terraform
 * variable (`paas_domain`), with routers, so the shared certificate is made from it.
 */
export function synthVariableDomainCluster(prefix = "variable-domain-"): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "paas");
  new OpenstackProvider(stack, "openstack", {});
  const domain = new TerraformVariable(stack, "paas_domain", { type: "string", description: "the cluster's DNS name" });
  const cluster = testCluster(stack, {
    name: "paas",
    domain: domain.stringValue,
    ssh: { privateKeyPath: "~/.ssh/id_rsa" },
    frontend: Frontend.routers({ count: 2 }),
  });
  cluster.addDeas({ count: 1 });
  app.synth();
  return outdir;
}
