#!/usr/bin/env bash
# Packs the benchmark for a GPU machine that has no Node and no npm registry
# (e.g. a lent NVIDIA box with PyTorch CUDA preinstalled). Writes .gpu/:
#   node.xz           this machine's Node binary (x86-64; the target needs glibc and libstdc++)
#   dawn.node.xz      the `webgpu` package's Dawn build for linux-x64
#   a/b/bench.mjs     bench/run.ts bundled with esbuild; two folders deep so that the
#                     engine's lookup of public/data/<set>.bin, three folders up, lands in the repo's public/data
#   a/b/reference.py  the PyTorch reference, found beside the bundle
# and .gl/: the Vulkan loader and GL dispatch libraries as Debian packages, unpacked on the
# target by run.sh (its driver ships only the ICD). Carry .gpu, .gl and public/data/mnist.bin.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .gpu/a/b .gpu/node_modules/webgpu/dist/linux-x64 .gl
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || printf '/.gpu/\n/.gl/\n' >> .git/info/exclude
[ -f .gpu/node.xz ] || xz -T0 -6 -c "$(command -v node)" > .gpu/node.xz
xz -T0 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > .gpu/dawn.node.xz
cp node_modules/webgpu/index.js node_modules/webgpu/package.json .gpu/node_modules/webgpu/
# The CommonJS parts of tfjs call require(); an ESM bundle needs one.
npx esbuild bench/run.ts --bundle --platform=node --format=esm --external:webgpu --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" \
  --outfile=.gpu/a/b/bench.mjs
cp bench/reference.py .gpu/a/b/
cp bench/gpu/run.sh .gpu/run.sh
if ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  mkdir -p /tmp/amd64/partial
  apt-get $o update >/dev/null
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -sh .gpu .gl public/data/mnist.bin
