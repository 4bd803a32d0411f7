import { Lazy, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { namedOutput } from "../private/outputs";
import { literalSafe } from "../base/terraform-text";
import { ClusterNode } from "./cluster-props";

/** What the outputs read from the cluster; the node lists are read at synth, when the layout is final. */
export interface ClusterOutputsSource {
  readonly clusterName: string;
  readonly domain: string;
  readonly apiEndpoint: string;
  readonly nodes: ClusterNode[];
  readonly exposedNodes: ClusterNode[];
}

export interface ClusterOutputsProps {
  readonly cluster: ClusterOutputsSource;
  /** The exposed nodes get floating IPs, so there are public IPs and DNS records to show. */
  readonly hasFloatingIps: boolean;
  /** Jump host for nodes without a floating IP, for the ssh commands; read at synth. */
  readonly bastionHost: () => string | undefined;
  readonly sshUser: string;
}

/** The cluster's outputs: IPs by node, ssh commands, the API endpoint and the DNS records to create. */
export class ClusterOutputs extends Construct {
  private readonly cluster: ClusterOutputsSource;
  private readonly prefix: string;
  private publicIps?: TerraformOutput;
  private dnsRecords?: TerraformOutput;

  constructor(scope: Construct, id: string, props: ClusterOutputsProps) {
    super(scope, id);
    const { cluster, sshUser } = props;
    this.cluster = cluster;
    const prefix = (this.prefix = cluster.clusterName);
    const byName = (pick: (n: ClusterNode) => string | undefined) => byNodeName(cluster, pick);

    namedOutput(
      this,
      prefix,
      "api_endpoint",
      cluster.apiEndpoint,
      "Stackato API endpoint (use with `stackato target`)",
    );
    namedOutput(
      this,
      prefix,
      "roles",
      byName((n) => n.roles.join(",") || n.kind),
      "Stackato roles of each node",
    );
    namedOutput(
      this,
      prefix,
      "private_ips",
      byName((n) => n.server.privateIp),
      "Fixed IP of each node",
    );
    if (props.hasFloatingIps) this.publicIps = this.publicIpsOutput();
    namedOutput(
      this,
      prefix,
      "ssh_commands",
      byName((n) => {
        const bastion = props.bastionHost();
        return n.server.publicIp || !bastion
          ? `ssh ${sshUser}@${n.server.sshHost}`
          : `ssh -J ${sshUser}@${bastion} ${sshUser}@${n.server.privateIp}`;
      }),
      "Log in to each node",
    );
    if (props.hasFloatingIps) this.dnsRecords = this.dnsRecordsOutput();
  }

  /** Adds the public_ips and dns_records outputs, once: a node takes a reserved floating IP. */
  showPublicAddresses(): void {
    this.publicIps ??= this.publicIpsOutput();
    this.dnsRecords ??= this.dnsRecordsOutput();
  }

  private publicIpsOutput(): TerraformOutput {
    const ips = byNodeName(this.cluster, (n) => n.server.publicIp);
    return namedOutput(this, this.prefix, "public_ips", ips, "Floating IP of each exposed node");
  }

  private dnsRecordsOutput(): TerraformOutput {
    const cluster = this.cluster;
    const records = Lazy.stringValue({
      produce: () => {
        const front = cluster.exposedNodes[0].server.publicIp;
        return literalSafe(`${cluster.domain}. IN A ${front} ; *.${cluster.domain}. IN CNAME ${cluster.domain}.`);
      },
    });
    return namedOutput(this, this.prefix, "dns_records", records, "Wildcard DNS the cluster needs");
  }
}

/** One value per node, by node name, read at synth; nodes without one are left out. */
function byNodeName(cluster: ClusterOutputsSource, pick: (n: ClusterNode) => string | undefined): unknown {
  return Lazy.anyValue({
    produce: () =>
      Object.fromEntries(
        cluster.nodes.flatMap((n) => {
          const value = pick(n); // once per node: some picks build strings
          return value === undefined ? [] : [[n.name, literalSafe(value)]];
        }),
      ),
  });
}
