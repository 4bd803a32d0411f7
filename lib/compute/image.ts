import { Resource as NullResource } from "../../.gen/providers/null/resource";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DataOpenstackImagesImageV2 } from "../../.gen/providers/openstack/data-openstack-images-image-v2";
import { ImagesImageV2 } from "../../.gen/providers/openstack/images-image-v2";
import { ensureNullProvider } from "../private/null-provider";
import { nonBlank, stackatoVersion } from "../base/validation";
import { localShellWord } from "../base/shell-words";
import { applyTimeValue, literalSafe, literalSafeOptional } from "../base/terraform-text";

/** Disk formats the Stackato KVM image ships in. */
export enum DiskFormat {
  RAW = "raw",
  QCOW2 = "qcow2",
}
const DISK_FORMATS: readonly string[] = Object.values(DiskFormat);

/** Glance visibilities. `public` needs the cloud's admin role on most clouds. */
export enum ImageVisibility {
  PRIVATE = "private",
  SHARED = "shared",
  COMMUNITY = "community",
  PUBLIC = "public",
}
const IMAGE_VISIBILITIES: readonly string[] = Object.values(ImageVisibility);

/** Stackato's own minimum: a flavor with at least 2 GB of RAM. */
export const STACKATO_MIN_RAM_MB = 2048;

/** Anything that gives an image to boot: a `StackatoImage`, or your own object. */
export interface IStackatoImage {
  /** Glance image id (a token until apply). */
  readonly imageId: string;
}

export interface StackatoImageProps {
  /**
   * Stackato release, used in the default image name.
   * @default "3.6.2"
   */
  readonly version?: string;

  /**
   * Glance name of the uploaded image.
   * @default `"Stackato-<version>"`, as in the `glance image-create --name` of the Stackato OpenStack guide
   */
  readonly imageName?: string;

  /**
   * The unzipped KVM image on the machine that runs `cdktf deploy`. Must be absolute or start
   * with `~/`: Terraform runs in `cdktf.out/stacks/<stack>`, so a relative path would point elsewhere.
   * Give exactly one of `localFilePath`, `sourceUrl`, `existingImageName` and `existingImageId`.
   * @default - none
   */
  readonly localFilePath?: string;

  /**
   * A URL of the image; the provider downloads it and uploads it to Glance.
   * @default - none
   */
  readonly sourceUrl?: string;

  /**
   * Use an image already in Glance, looked up by name (newest wins), instead of uploading one.
   * @default - none
   */
  readonly existingImageName?: string;

  /**
   * Use an image already in Glance by id; nothing is looked up or uploaded.
   * @default - none
   */
  readonly existingImageId?: string;

  /**
   * `DiskFormat.RAW` or `DiskFormat.QCOW2`.
   * @default - `qcow2` when the file or URL ends in `.qcow2`, otherwise `raw`
   */
  readonly diskFormat?: DiskFormat;

  /**
   * Glance visibility. The Stackato OpenStack guide uses `--is-public=true`, but publishing needs admin rights on most
   * clouds, so the default is the one every project member can create.
   * @default ImageVisibility.PRIVATE
   */
  readonly visibility?: ImageVisibility;

  /**
   * Convert a raw `localFilePath` to qcow2 with `qemu-img convert` on the deploying machine before
   * upload (the second way the Stackato OpenStack guide gives to shrink the 10 GB image). Needs `qemu-img` on PATH.
   * @default false
   */
  readonly convertToQcow2?: boolean;

  /**
   * Minimum RAM Glance records on the image, so Nova refuses to boot it on a smaller flavor.
   * @default 2048
   */
  readonly minRamMb?: number;
}

/**
 * The Stackato VM image in Glance: uploaded (`openstack_images_image_v2`, container format `bare`)
 * or an existing image looked up by name or taken by id.
 */
export class StackatoImage extends Construct implements IStackatoImage {
  readonly imageId: string;
  /** Glance name of the image (for a lookup by id this is a token of the id). */
  readonly imageName: string;
  /** The uploaded image resource, when this construct uploads one. */
  readonly image?: ImagesImageV2;

  constructor(scope: Construct, id: string, props: StackatoImageProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => validateImageProps(props) });
    const version = props.version ?? "3.6.2";

    if (props.existingImageId !== undefined) {
      this.imageId = literalSafe(props.existingImageId);
      this.imageName = props.existingImageId;
      return;
    }
    if (props.existingImageName !== undefined) {
      const lookup = new DataOpenstackImagesImageV2(this, "Lookup", {
        name: literalSafeOptional(props.existingImageName),
        mostRecent: true,
      });
      this.imageId = lookup.id;
      this.imageName = props.existingImageName;
      return;
    }

    const source = props.localFilePath ?? props.sourceUrl ?? "";
    let diskFormat = props.diskFormat ?? (/\.qcow2$/i.test(source) ? "qcow2" : "raw");
    let localFilePath = props.localFilePath !== undefined ? terraformPath(props.localFilePath) : undefined;
    let converter: NullResource | undefined;
    if (props.convertToQcow2 && props.localFilePath !== undefined && diskFormat === "raw") {
      const converted = `${props.localFilePath.replace(/\.(img|raw)$/i, "")}.qcow2`;
      ensureNullProvider(this);
      converter = new NullResource(this, "ConvertToQcow2", {
        triggers: { source: literalSafe(props.localFilePath), target: literalSafe(converted) },
        provisioners: [{ type: "local-exec", command: qcow2ConvertCommand(props.localFilePath, converted) }],
      });
      localFilePath = terraformPath(converted);
      diskFormat = "qcow2";
    }

    this.imageName = props.imageName ?? `Stackato-${version}`;
    this.image = new ImagesImageV2(this, "Resource", {
      name: literalSafe(this.imageName),
      containerFormat: "bare",
      diskFormat,
      visibility: props.visibility ?? "private",
      localFilePath,
      imageSourceUrl: literalSafeOptional(props.sourceUrl),
      minRamMb: props.minRamMb ?? STACKATO_MIN_RAM_MB,
      tags: ["stackato", `stackato-${version}`],
      dependsOn: converter ? [converter] : undefined,
    });
    this.imageId = this.image.id;
  }
}

/**
 * `~/x` becomes `${pathexpand("~/x")}`, so synth output holds no machine-specific home directory;
 * the path itself is a raw string either way, never read as a template.
 */
function terraformPath(path: string): string {
  return path.startsWith("~/") ? Fn.pathexpand(applyTimeValue(path)) : literalSafe(path);
}

/** A local path as one shell word: `~/x` through `$HOME`, everything else single-quoted. */
function shellPath(path: string): string {
  return path.startsWith("~/") ? `"$HOME"/${localShellWord(path.slice(2))}` : localShellWord(path);
}

/**
 * qcow2 rather than a sparse copy: a sparse file still streams every zero byte to Glance over HTTP,
 * while qcow2 really drops the empty blocks from the upload. Converting to a temporary name and
 * renaming keeps a half-written file from ever being uploaded, and a newer target is reused. local-exec
 * runs the command with /bin/sh, so "newer" is `find -newer` (POSIX), not the `-nt` of bash and dash.
 */
export function qcow2ConvertCommand(source: string, target: string): string {
  // Single-quoted words, escaped for Terraform: a path holding $(...), backticks or ${...} is a name;
  // a path that holds a reference is decoded from base64 at apply (see localShellWord).
  return [
    "set -eu",
    `src=${shellPath(source)}; dst=${shellPath(target)}`,
    'if [ ! -f "$dst" ] || [ -n "$(find "$src" -prune -newer "$dst")" ]; then qemu-img convert -O qcow2 "$src" "$dst.partial" && mv "$dst.partial" "$dst"; fi',
  ].join("\n");
}

function validateImageProps(props: StackatoImageProps): string[] {
  const errors: string[] = [];
  const sources = (["localFilePath", "sourceUrl", "existingImageName", "existingImageId"] as const).filter(
    (key) => props[key] !== undefined,
  );
  if (sources.length !== 1) {
    const given = sources.length === 0 ? "none was given" : `got ${sources.join(" and ")}`;
    errors.push(
      `image source: give exactly one of localFilePath or sourceUrl (upload) and existingImageName or existingImageId (reuse); ${given}`,
    );
  }
  for (const key of sources) {
    if (props[key]!.trim() === "") errors.push(`${key}: is empty; give a value or leave the prop out`);
  }
  if (props.localFilePath && !props.localFilePath.startsWith("/") && !props.localFilePath.startsWith("~/")) {
    errors.push(
      `localFilePath: "${props.localFilePath}" is relative, but Terraform runs in cdktf.out/stacks/<stack>; use an absolute path (path.resolve(...)) or one starting with "~/"`,
    );
  }
  if (props.sourceUrl && !/^(https?|ftp):\/\//.test(props.sourceUrl)) {
    errors.push(
      `sourceUrl: "${props.sourceUrl}" is not an http(s) or ftp URL; use localFilePath for a file on this machine`,
    );
  }
  if (props.diskFormat !== undefined && !DISK_FORMATS.includes(props.diskFormat)) {
    errors.push(
      `diskFormat: "${props.diskFormat}" is not supported; the Stackato KVM image is "raw" or "qcow2" (convert others with qemu-img)`,
    );
  }
  if (props.visibility !== undefined && !IMAGE_VISIBILITIES.includes(props.visibility)) {
    errors.push(
      `visibility: "${props.visibility}" is not a Glance visibility; use one of ${IMAGE_VISIBILITIES.join(", ")}`,
    );
  }
  errors.push(
    ...nonBlank("imageName", props.imageName, 'give the Glance name, or leave it out for "Stackato-<version>"'),
  );
  errors.push(...stackatoVersion("version", props.version));
  // NaN, Infinity and fractions first: `NaN < 2048` is false, so the minimum alone lets them through.
  if (props.minRamMb !== undefined && !Number.isSafeInteger(props.minRamMb)) {
    errors.push(
      `minRamMb: ${props.minRamMb} is not a RAM size in MB; give a whole number, at least ${STACKATO_MIN_RAM_MB}, or leave it out`,
    );
  }
  if (props.minRamMb !== undefined && Number.isSafeInteger(props.minRamMb) && props.minRamMb < STACKATO_MIN_RAM_MB) {
    errors.push(
      `minRamMb: ${props.minRamMb} MB is below Stackato's minimum of ${STACKATO_MIN_RAM_MB} MB; leave it out or raise it`,
    );
  }
  if (props.convertToQcow2 && props.localFilePath === undefined) {
    errors.push("convertToQcow2: only converts a localFilePath; drop it, or upload from a local file");
  }
  const uploading = props.localFilePath !== undefined || props.sourceUrl !== undefined;
  if (!uploading) {
    for (const key of ["diskFormat", "visibility", "imageName", "convertToQcow2"] as const) {
      if (props[key] !== undefined)
        errors.push(`${key}: only applies when uploading; an existing image is used as it is, so drop ${key}`);
    }
  }
  return errors;
}
