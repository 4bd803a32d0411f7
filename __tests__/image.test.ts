import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DiskFormat, ImageVisibility, StackatoImage } from "../lib";
import { qcow2ConvertCommand } from "../lib/compute/image";
import { synthErrors, synthStack } from "./support/synth";

describe("StackatoImage", () => {
  test("uploads a local raw image as the seed's glance image-create does", () => {
    const out = synthStack(
      (s) =>
        new StackatoImage(s, "Image", { version: "3.6.2", localFilePath: "/srv/images/stackato-img-kvm-v3.6.2.img" }),
    );
    expect(out.resources("openstack_images_image_v2")).toEqual([
      {
        name: "Stackato-3.6.2",
        container_format: "bare",
        disk_format: "raw",
        visibility: "private",
        local_file_path: "/srv/images/stackato-img-kvm-v3.6.2.img",
        min_ram_mb: 2048,
        tags: ["stackato", "stackato-3.6.2"],
      },
    ]);
  });

  test("infers qcow2 from the file name and can be made public", () => {
    const out = synthStack(
      (s) =>
        new StackatoImage(s, "Image", {
          version: "3.4.2",
          sourceUrl: "https://mirror.example.com/stackato-v3.4.2.qcow2",
          visibility: ImageVisibility.PUBLIC,
        }),
    );
    const [image] = out.resources("openstack_images_image_v2");
    expect(image).toMatchObject({
      name: "Stackato-3.4.2",
      disk_format: "qcow2",
      visibility: "public",
      image_source_url: "https://mirror.example.com/stackato-v3.4.2.qcow2",
    });
    expect(image.local_file_path).toBeUndefined();
  });

  test("expands ~/ paths in Terraform, so synth holds no home directory", () => {
    const out = synthStack((s) => new StackatoImage(s, "Image", { localFilePath: "~/images/stackato.img" }));
    expect(out.resources("openstack_images_image_v2")[0].local_file_path).toBe(
      '${pathexpand("~/images/stackato.img")}',
    );
  });

  test("looks up an existing image by name, newest first, and uploads nothing", () => {
    let image!: StackatoImage;
    const out = synthStack((s) => (image = new StackatoImage(s, "Image", { existingImageName: "Stackato-3.6.2" })));
    expect(out.resources("openstack_images_image_v2")).toEqual([]);
    expect(out.dataSources("openstack_images_image_v2")).toEqual([{ name: "Stackato-3.6.2", most_recent: true }]);
    expect(image.image).toBeUndefined();
  });

  test("takes an existing image id as it is, with no lookup", () => {
    let image!: StackatoImage;
    const out = synthStack(
      (s) => (image = new StackatoImage(s, "Image", { existingImageId: "0b6f3cbe-4e0a-4f5b-9e51-6c2c1b3e4d5f" })),
    );
    expect(out.json.data).toBeUndefined();
    expect(image.imageId).toBe("0b6f3cbe-4e0a-4f5b-9e51-6c2c1b3e4d5f");
  });

  test("convertToQcow2 converts before upload and uploads the qcow2", () => {
    const out = synthStack(
      (s) => new StackatoImage(s, "Image", { localFilePath: "/srv/stackato.img", convertToQcow2: true }),
    );
    const [converter] = out.resources("null_resource");
    expect(converter.provisioner[0]["local-exec"].command).toContain('qemu-img convert -O qcow2 "$src" "$dst.partial"');
    expect(converter.triggers).toEqual({ source: "/srv/stackato.img", target: "/srv/stackato.qcow2" });
    const [image] = out.resources("openstack_images_image_v2");
    expect(image).toMatchObject({ disk_format: "qcow2", local_file_path: "/srv/stackato.qcow2" });
    expect(image.depends_on).toEqual([out.address("null_resource", "Image/ConvertToQcow2")]);
  });

  test("the conversion command converts only when the target is missing or older, under /bin/sh", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qcow2-"));
    try {
      // A qemu-img that records its call and writes the source's text to the target.
      fs.mkdirSync(path.join(dir, "bin"));
      fs.writeFileSync(path.join(dir, "bin", "qemu-img"), '#!/bin/sh\necho "$@" >> "$CALLS"\ncat "$4" > "$5"\n', {
        mode: 0o755,
      });
      const [src, dst, calls] = ["a.img", "a.qcow2", "calls"].map((f) => path.join(dir, f));
      const cmd = qcow2ConvertCommand(src, dst);
      expect(cmd).toMatch(/^set -eu/);
      const run = () =>
        execFileSync("sh", ["-c", cmd], {
          encoding: "utf8",
          env: { ...process.env, PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, CALLS: calls },
        });
      const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);
      const converted = () => fs.readFileSync(calls, "utf8").trim().split("\n").length;

      fs.writeFileSync(src, "one");
      at(src, 1_000_000);
      run(); // no target: converts
      expect(fs.readFileSync(dst, "utf8")).toBe("one");
      expect(fs.existsSync(`${dst}.partial`)).toBe(false);
      at(dst, 1_000_100);
      run(); // the target is newer: reused
      expect(converted()).toBe(1);
      fs.writeFileSync(src, "two");
      at(src, 1_000_200);
      run(); // the source is newer: converted again
      expect(converted()).toBe(2);
      expect(fs.readFileSync(dst, "utf8")).toBe("two");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("StackatoImage validation", () => {
  test("fails when both an image file and an existing image are given", () => {
    expect(
      synthErrors((s) => new StackatoImage(s, "I", { localFilePath: "/x.img", existingImageName: "Stackato-3.6.2" })),
    ).toMatch(
      /image source: give exactly one of localFilePath or sourceUrl \(upload\) and existingImageName or existingImageId \(reuse\); got localFilePath and existingImageName/,
    );
  });

  test("fails when no image source is given", () => {
    expect(synthErrors((s) => new StackatoImage(s, "I", {}))).toMatch(
      /image source: give exactly one of .*; none was given/,
    );
  });

  test("fails on a disk format other than raw or qcow2", () => {
    expect(
      synthErrors(
        (s) =>
          new StackatoImage(s, "I", {
            localFilePath: "/x.vmdk",
            diskFormat: "vmdk" as DiskFormat /* as from JavaScript */,
          }),
      ),
    ).toMatch(
      /diskFormat: "vmdk" is not supported; the Stackato KVM image is "raw" or "qcow2" \(convert others with qemu-img\)/,
    );
  });

  test("fails on a relative file path, which Terraform would resolve inside cdktf.out", () => {
    expect(synthErrors((s) => new StackatoImage(s, "I", { localFilePath: "images/x.img" }))).toMatch(
      /localFilePath: "images\/x.img" is relative, but Terraform runs in cdktf.out\/stacks\/<stack>; use an absolute path/,
    );
  });

  test("fails on upload-only props with an existing image, and on a bad visibility", () => {
    expect(
      synthErrors((s) => new StackatoImage(s, "I", { existingImageName: "S", diskFormat: DiskFormat.RAW })),
    ).toMatch(/diskFormat: only applies when uploading/);
    expect(
      synthErrors(
        (s) =>
          new StackatoImage(s, "I", {
            localFilePath: "/x.img",
            visibility: "everyone" as ImageVisibility /* as from JavaScript */,
          }),
      ),
    ).toMatch(/visibility: "everyone" is not a Glance visibility; use one of private, shared, community, public/);
  });

  test("fails on minRamMb below Stackato's 2048 MB", () => {
    expect(synthErrors((s) => new StackatoImage(s, "I", { localFilePath: "/x.img", minRamMb: 1024 }))).toMatch(
      /minRamMb: 1024 MB is below Stackato's minimum of 2048 MB/,
    );
  });
});
