// The TypeScript examples (examples/*.ts) in Go: a micro cloud and a cluster.
//
// Each stack reads the same STACKATO_* variables, with the same defaults, as its TypeScript twin,
// and synthesizes the same Terraform JSON (`npm run test:go` checks it). The module imports the Go
// bindings that jsii-pacmak generates into dist-jsii/go (see go.mod and README.md).
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	sos "cdktfstackatoopenstack"
	"cdktfstackatoopenstack/openstack"
)

// DefaultPrivateKeyFile is the key file of the examples: one key for provisioning, read by Terraform at apply.
const DefaultPrivateKeyFile = "~/.ssh/id_rsa"

// CommonSettings are the settings both examples share; each has a default, so synth needs no credentials.
type CommonSettings struct {
	ImageName      string
	KeyName        string
	PublicKeyFile  string // empty: use the existing keypair KeyName
	FlavorName     string
	NetworkName    string
	FloatingIPPool string // empty for none
	SSHSourceCIDRs []string
}

// MicroCloudSettings are the micro cloud's settings.
type MicroCloudSettings struct {
	CommonSettings
	ImageFile      string
	Domain         string
	PrivateKeyFile string
	UseSSHAgent    bool
}

// ClusterSettings are the cluster's settings.
type ClusterSettings struct {
	CommonSettings
	Domain         string
	PrivateKeyFile string
	UseSSHAgent    bool
	DeaFlavorName  string
	DeaCount       *float64 // nil: the default, 2
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// or returns the variable, or def when it is unset or empty.
func or(name, def string) string {
	return orDefault(os.Getenv(name), def)
}

// unlessUnset returns the variable, even empty, or def when it is unset.
func unlessUnset(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// CommonSettingsFromEnv reads the STACKATO_* variables of the README.
func CommonSettingsFromEnv() CommonSettings {
	cidrs := []string{}
	for _, c := range strings.Split(unlessUnset("STACKATO_SSH_CIDRS", "0.0.0.0/0"), ",") {
		cidrs = append(cidrs, strings.TrimSpace(c))
	}
	return CommonSettings{
		ImageName:      or("STACKATO_IMAGE_NAME", "Stackato-3.6.2"),
		KeyName:        or("STACKATO_KEYPAIR", "stackato-admin"),
		PublicKeyFile:  os.Getenv("STACKATO_PUBLIC_KEY_FILE"),
		FlavorName:     or("STACKATO_FLAVOR", "m1.medium"),
		NetworkName:    or("STACKATO_NETWORK", "private"),
		FloatingIPPool: unlessUnset("STACKATO_FLOATING_IP_POOL", "public"),
		SSHSourceCIDRs: cidrs,
	}
}

// MicroCloudSettingsFromEnv reads the micro cloud's settings.
func MicroCloudSettingsFromEnv() MicroCloudSettings {
	return MicroCloudSettings{
		CommonSettings: CommonSettingsFromEnv(),
		ImageFile:      os.Getenv("STACKATO_IMAGE_FILE"),
		Domain:         os.Getenv("STACKATO_MICRO_CLOUD_DOMAIN"),
		PrivateKeyFile: os.Getenv("STACKATO_SSH_PRIVATE_KEY"),
		UseSSHAgent:    os.Getenv("STACKATO_SSH_AGENT") == "true",
	}
}

// ClusterSettingsFromEnv reads the cluster's settings.
func ClusterSettingsFromEnv() ClusterSettings {
	var deaCount *float64
	if v := os.Getenv("STACKATO_DEA_COUNT"); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			panic(fmt.Sprintf("STACKATO_DEA_COUNT: %q is not a number", v))
		}
		deaCount = &n
	}
	return ClusterSettings{
		CommonSettings: CommonSettingsFromEnv(),
		Domain:         or("STACKATO_DOMAIN", "paas.example.com"),
		PrivateKeyFile: os.Getenv("STACKATO_SSH_PRIVATE_KEY"),
		UseSSHAgent:    os.Getenv("STACKATO_SSH_AGENT") == "true",
		DeaFlavorName:  or("STACKATO_DEA_FLAVOR", "m1.large"),
		DeaCount:       deaCount,
	}
}

// optional is nil for an empty string, as `|| undefined` is in TypeScript.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return jsii.String(s)
}

// SSHSettingsFor prefers a key file: with ssh-agent, Terraform forwards the agent to every node.
func SSHSettingsFor(privateKeyFile string, useSSHAgent bool) *sos.SshSettings {
	if useSSHAgent {
		return &sos.SshSettings{UseSshAgent: jsii.Bool(true)}
	}
	return &sos.SshSettings{PrivateKeyPath: jsii.String(orDefault(privateKeyFile, DefaultPrivateKeyFile))}
}

// AddStackBasics adds the OpenStack provider (credentials from OS_*), the state backend and the keypair.
func AddStackBasics(stack cdktf.TerraformStack, id string, settings CommonSettings) sos.StackatoKeypair {
	openstack.NewOpenstackProvider(stack, jsii.String("openstack"), nil)
	cdktf.NewLocalBackend(stack, &cdktf.LocalBackendConfig{Path: jsii.String(fmt.Sprintf("../../../terraform.%s.tfstate", id))})
	if settings.PublicKeyFile != "" {
		return sos.NewStackatoKeypair(stack, jsii.String("Keypair"), &sos.StackatoKeypairProps{PublicKeyFile: jsii.String(settings.PublicKeyFile)})
	}
	return sos.NewStackatoKeypair(stack, jsii.String("Keypair"), &sos.StackatoKeypairProps{ExistingKeyName: jsii.String(settings.KeyName)})
}

// NewMicroCloudStack is the single-VM micro cloud of the Stackato OpenStack guide: image, keypair,
// `stackato-ext`, and one instance.
func NewMicroCloudStack(scope constructs.Construct, id string, settings MicroCloudSettings) cdktf.TerraformStack {
	stack := cdktf.NewTerraformStack(scope, jsii.String(id))
	keypair := AddStackBasics(stack, id, settings.CommonSettings)
	imageProps := &sos.StackatoImageProps{ExistingImageName: jsii.String(settings.ImageName)}
	if settings.ImageFile != "" {
		imageProps = &sos.StackatoImageProps{LocalFilePath: jsii.String(settings.ImageFile)}
	}
	image := sos.NewStackatoImage(stack, jsii.String("Image"), imageProps)
	var ssh *sos.SshSettings
	if settings.Domain != "" {
		ssh = SSHSettingsFor(settings.PrivateKeyFile, settings.UseSSHAgent)
	}
	sos.NewStackatoMicroCloud(stack, jsii.String("MicroCloud"), &sos.StackatoMicroCloudProps{
		Image:          image,
		KeyName:        keypair.KeyName(),
		FlavorName:     jsii.String(settings.FlavorName),
		NetworkName:    jsii.String(settings.NetworkName),
		FloatingIpPool: optional(settings.FloatingIPPool),
		SshSourceCidrs: jsii.Strings(settings.SSHSourceCIDRs...),
		Domain:         optional(settings.Domain),
		Ssh:            ssh,
	})
	return stack
}

// NewClusterStack is a production-shaped cluster: core, 2 more controllers sharing the droplets
// volume, 2 DEAs, a load balancer in front of 2 routers, and a data-services node with its volume.
func NewClusterStack(scope constructs.Construct, id string, settings ClusterSettings) cdktf.TerraformStack {
	stack := cdktf.NewTerraformStack(scope, jsii.String(id))
	keypair := AddStackBasics(stack, id, settings.CommonSettings)
	image := sos.NewStackatoImage(stack, jsii.String("Image"), &sos.StackatoImageProps{ExistingImageName: jsii.String(settings.ImageName)})
	cluster := sos.NewStackatoCluster(stack, jsii.String("Cluster"), &sos.StackatoClusterProps{
		Domain:         jsii.String(settings.Domain),
		Image:          image,
		KeyName:        keypair.KeyName(),
		NetworkName:    jsii.String(settings.NetworkName),
		FloatingIpPool: optional(settings.FloatingIPPool),
		SshSourceCidrs: jsii.Strings(settings.SSHSourceCIDRs...),
		Core:           &sos.CoreOptions{FlavorName: jsii.String(settings.FlavorName)},
		Frontend:       sos.Frontend_LoadBalancer(&sos.LoadBalancerOptions{FlavorName: jsii.String(settings.FlavorName)}),
		Ssh:            SSHSettingsFor(settings.PrivateKeyFile, settings.UseSSHAgent),
	})
	cluster.AddControllers(&sos.RoleOptions{
		Count:             jsii.Number(2),
		FlavorName:        jsii.String(settings.FlavorName),
		ServerGroupPolicy: sos.ServerGroupPolicy_ANTI_AFFINITY,
	})
	cluster.AddSharedDropletVolume(&sos.SharedDropletVolumeOptions{SizeGb: jsii.Number(10)})
	deaCount := settings.DeaCount
	if deaCount == nil {
		deaCount = jsii.Number(2)
	}
	cluster.AddDeas(&sos.RoleOptions{
		Count:             deaCount,
		FlavorName:        jsii.String(settings.DeaFlavorName),
		ServerGroupPolicy: sos.ServerGroupPolicy_SOFT_ANTI_AFFINITY,
	})
	cluster.AddRouters(&sos.RouterOptions{
		Count:             jsii.Number(2),
		FlavorName:        jsii.String(settings.FlavorName),
		ServerGroupPolicy: sos.ServerGroupPolicy_ANTI_AFFINITY,
	})
	cluster.AddDataServices(&sos.DataServicesOptions{
		FlavorName: jsii.String(settings.FlavorName),
		Volume:     &sos.VolumeOptions{SizeGb: jsii.Number(10)},
	})
	return stack
}

func main() {
	app := cdktf.NewApp(nil)
	NewMicroCloudStack(app, "micro-cloud", MicroCloudSettingsFromEnv())
	NewClusterStack(app, "cluster", ClusterSettingsFromEnv())
	app.Synth()
}
