#!/usr/bin/env python3
"""The TypeScript examples (examples/*.ts) in Python: a micro cloud and a cluster.

Each stack reads the same STACKATO_* variables, with the same defaults, as its TypeScript twin, and
synthesizes the same Terraform JSON (`npm run test:python` checks it). Run it with `cdktf synth` in
this folder, or `python3 main.py`, with the wheel and requirements.txt installed (see README.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from cdktf import App, LocalBackend, TerraformStack
from cdktf_stackato_openstack import (
    Frontend,
    ServerGroupPolicy,
    SshSettings,
    StackatoCluster,
    StackatoImage,
    StackatoKeypair,
    StackatoMicroCloud,
)
from cdktf_stackato_openstack.openstack import OpenstackProvider
from constructs import Construct

# The default key file of the examples: one key for provisioning, read by Terraform at apply.
DEFAULT_PRIVATE_KEY_FILE = "~/.ssh/id_rsa"


@dataclass(frozen=True)
class CommonSettings:
    """Settings both examples share; each has a default, so synth needs no credentials and no files."""

    image_name: str = "Stackato-3.6.2"
    key_name: str = "stackato-admin"
    public_key_file: str | None = None
    flavor_name: str = "m1.medium"
    network_name: str = "private"
    floating_ip_pool: str | None = "public"  # empty for none
    ssh_source_cidrs: list[str] = field(default_factory=lambda: ["0.0.0.0/0"])


@dataclass(frozen=True)
class MicroCloudSettings(CommonSettings):
    image_file: str | None = None
    domain: str | None = None
    private_key_file: str | None = None
    use_ssh_agent: bool = False


@dataclass(frozen=True)
class ClusterSettings(CommonSettings):
    domain: str = "paas.example.com"
    private_key_file: str | None = None
    use_ssh_agent: bool = False
    dea_flavor_name: str = "m1.large"
    dea_count: int | None = None


def common_settings_from_env(env: Mapping[str, str]) -> CommonSettings:
    """The STACKATO_* variables of the README; an empty variable counts as unset, except the two
    where empty means something (no floating IP pool; no SSH source CIDRs)."""
    return CommonSettings(
        image_name=env.get("STACKATO_IMAGE_NAME") or "Stackato-3.6.2",
        key_name=env.get("STACKATO_KEYPAIR") or "stackato-admin",
        public_key_file=env.get("STACKATO_PUBLIC_KEY_FILE") or None,
        flavor_name=env.get("STACKATO_FLAVOR") or "m1.medium",
        network_name=env.get("STACKATO_NETWORK") or "private",
        floating_ip_pool=env.get("STACKATO_FLOATING_IP_POOL", "public"),
        ssh_source_cidrs=[c.strip() for c in env.get("STACKATO_SSH_CIDRS", "0.0.0.0/0").split(",")],
    )


def micro_cloud_settings_from_env(env: Mapping[str, str] = os.environ) -> MicroCloudSettings:
    return MicroCloudSettings(
        **asdict(common_settings_from_env(env)),
        image_file=env.get("STACKATO_IMAGE_FILE") or None,
        domain=env.get("STACKATO_MICRO_CLOUD_DOMAIN") or None,
        private_key_file=env.get("STACKATO_SSH_PRIVATE_KEY") or None,
        use_ssh_agent=env.get("STACKATO_SSH_AGENT") == "true",
    )


def cluster_settings_from_env(env: Mapping[str, str] = os.environ) -> ClusterSettings:
    dea_count = env.get("STACKATO_DEA_COUNT")
    return ClusterSettings(
        **asdict(common_settings_from_env(env)),
        domain=env.get("STACKATO_DOMAIN") or "paas.example.com",
        private_key_file=env.get("STACKATO_SSH_PRIVATE_KEY") or None,
        use_ssh_agent=env.get("STACKATO_SSH_AGENT") == "true",
        dea_flavor_name=env.get("STACKATO_DEA_FLAVOR") or "m1.large",
        dea_count=int(dea_count) if dea_count else None,
    )


def ssh_settings_for(private_key_file: str | None, use_ssh_agent: bool = False) -> SshSettings:
    """A key file is preferred: with ssh-agent, Terraform forwards the agent to every node."""
    if use_ssh_agent:
        return SshSettings(use_ssh_agent=True)
    return SshSettings(private_key_path=private_key_file or DEFAULT_PRIVATE_KEY_FILE)


def add_stack_basics(stack: TerraformStack, id: str, settings: CommonSettings) -> StackatoKeypair:
    """The OpenStack provider (credentials from the OS_* variables), the state backend and the keypair."""
    OpenstackProvider(stack, "openstack")
    LocalBackend(stack, path=f"../../../terraform.{id}.tfstate")
    if settings.public_key_file:
        return StackatoKeypair(stack, "Keypair", public_key_file=settings.public_key_file)
    return StackatoKeypair(stack, "Keypair", existing_key_name=settings.key_name)


class MicroCloudStack(TerraformStack):
    """The single-VM micro cloud of the Stackato OpenStack guide: image, keypair, `stackato-ext`, and one instance."""

    def __init__(self, scope: Construct, id: str, settings: MicroCloudSettings) -> None:
        super().__init__(scope, id)
        keypair = add_stack_basics(self, id, settings)
        if settings.image_file:
            image = StackatoImage(self, "Image", local_file_path=settings.image_file)
        else:
            image = StackatoImage(self, "Image", existing_image_name=settings.image_name)
        self.micro_cloud = StackatoMicroCloud(
            self,
            "MicroCloud",
            image=image,
            key_name=keypair.key_name,
            flavor_name=settings.flavor_name,
            network_name=settings.network_name,
            floating_ip_pool=settings.floating_ip_pool or None,
            ssh_source_cidrs=settings.ssh_source_cidrs,
            domain=settings.domain,
            ssh=ssh_settings_for(settings.private_key_file, settings.use_ssh_agent) if settings.domain else None,
        )


class ClusterStack(TerraformStack):
    """A production-shaped cluster: core, 2 more controllers sharing the droplets volume, 2 DEAs,
    a load balancer in front of 2 routers, and a data-services node with its own volume."""

    def __init__(self, scope: Construct, id: str, settings: ClusterSettings) -> None:
        super().__init__(scope, id)
        keypair = add_stack_basics(self, id, settings)
        image = StackatoImage(self, "Image", existing_image_name=settings.image_name)
        self.cluster = StackatoCluster(
            self,
            "Cluster",
            domain=settings.domain,
            image=image,
            key_name=keypair.key_name,
            network_name=settings.network_name,
            floating_ip_pool=settings.floating_ip_pool or None,
            ssh_source_cidrs=settings.ssh_source_cidrs,
            core={"flavor_name": settings.flavor_name},
            frontend=Frontend.load_balancer(flavor_name=settings.flavor_name),
            ssh=ssh_settings_for(settings.private_key_file, settings.use_ssh_agent),
        )
        self.cluster.add_controllers(
            count=2,
            flavor_name=settings.flavor_name,
            server_group_policy=ServerGroupPolicy.ANTI_AFFINITY,
        )
        self.cluster.add_shared_droplet_volume(size_gb=10)
        self.cluster.add_deas(
            count=settings.dea_count if settings.dea_count is not None else 2,
            flavor_name=settings.dea_flavor_name,
            server_group_policy=ServerGroupPolicy.SOFT_ANTI_AFFINITY,
        )
        self.cluster.add_routers(
            count=2,
            flavor_name=settings.flavor_name,
            server_group_policy=ServerGroupPolicy.ANTI_AFFINITY,
        )
        self.cluster.add_data_services(flavor_name=settings.flavor_name, volume={"size_gb": 10})


def build_examples(app: App, env: Mapping[str, str] = os.environ) -> None:
    """Adds every example stack to `app`, as examples/index.ts does."""
    MicroCloudStack(app, "micro-cloud", micro_cloud_settings_from_env(env))
    ClusterStack(app, "cluster", cluster_settings_from_env(env))


if __name__ == "__main__":
    app = App()
    build_examples(app)
    app.synth()
