#!/bin/sh
# make-oci-image.sh DIR TAG: writes a one-layer OCI image layout (one text file) that skopeo can push.
# Plain POSIX tools only, so pipelines in the tests need no daemon and no build tool.
set -eu
dir=$1
tag=$2
mkdir -p "$dir/blobs/sha256" "$dir/rootfs"
printf 'hello from %s\n' "$tag" > "$dir/rootfs/hello.txt"
tar -C "$dir/rootfs" -cf "$dir/layer.tar" hello.txt
size() { wc -c < "$1" | tr -d ' '; }
put() { d=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$dir/blobs/sha256/$d"; echo "$d"; }
layer_size=$(size "$dir/layer.tar")
layer=$(put "$dir/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$layer" > "$dir/config.json"
config_size=$(size "$dir/config.json")
config=$(put "$dir/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$dir/manifest.json"
manifest_size=$(size "$dir/manifest.json")
manifest=$(put "$dir/manifest.json")
printf '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest" "$manifest_size" "$tag" > "$dir/index.json"
