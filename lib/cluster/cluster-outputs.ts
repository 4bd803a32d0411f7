import { Construct } from "constructs";
import type { StackatoCluster } from "./cluster";
import { namedOutput } from "../private/outputs";

export interface ClusterOutputsProps {
  readonly cluster: StackatoCluster;
  /** Jump host for nodes without a floating IP, for the ssh commands. */
  readonly bastionHost?: string;
  readonly sshUser: string;
}

/** The cluster's outputs: IPs by node, ssh commands, the API endpoint and the DNS records to create. */
export class ClusterOutputs extends Construct {
  constructor(scope: Construct, id: string, props: ClusterOutputsProps) {
    super(scope, id);
    const { cluster, sshUser } = props;
    const prefix = cluster.clusterName;
    const byName = <T>(pick: (n: (typeof cluster.nodes)[number]) => T | undefined) =>
      Object.fromEntries(cluster.nodes.flatMap((n) => (pick(n) === undefined ? [] : [[n.name, pick(n)]])));

    namedOutput(this, prefix, "api_endpoint", cluster.apiEndpoint, "Stackato API endpoint (use with `stackato target`)");
    namedOutput(this, prefix, "roles", byName((n) => n.roles.join(",") || n.kind), "Stackato roles of each node");
    namedOutput(this, prefix, "private_ips", byName((n) => n.server.privateIp), "Fixed IP of each node");
    const publicIps = byName((n) => n.server.publicIp);
    if (Object.keys(publicIps).length > 0) namedOutput(this, prefix, "public_ips", publicIps, "Floating IP of each exposed node");
    namedOutput(
      this,
      prefix,
      "ssh_commands",
      byName((n) =>
        n.server.publicIp || !props.bastionHost
          ? `ssh ${sshUser}@${n.server.sshHost}`
          : `ssh -J ${sshUser}@${props.bastionHost} ${sshUser}@${n.server.privateIp}`,
      ),
      "Log in to each node",
    );
    const front = cluster.exposedNodes[0]?.server.publicIp;
    if (front) {
      namedOutput(this, prefix, "dns_records", `${cluster.domain}. IN A ${front} ; *.${cluster.domain}. IN CNAME ${cluster.domain}.`, "Wildcard DNS the cluster needs");
    }
  }
}
