#!/usr/bin/env bash
# Runs on the GPU machine from the repo root: bash .gpu/run.sh <bench flags>.
# Output goes to $OUT/log when OUT is set (the lent machine's result folder), else ./gpu-bench.log.
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export VK_DRIVER_FILES=$VK_ICD_FILENAMES
mkdir -p /tmp/n && xz -dc .gpu/node.xz > /tmp/n/node && chmod +x /tmp/n/node
xz -dc .gpu/dawn.node.xz > .gpu/node_modules/webgpu/dist/linux-x64/dawn.node
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.get_device_name(0))'
set -o pipefail
# Dawn prints a harmless XDG_RUNTIME_DIR complaint on headless machines.
log=${OUT:+$OUT/log}
/tmp/n/node .gpu/a/b/bench.mjs "$@" 2>&1 | grep -v 'XDG_RUNTIME_DIR' | tee "${log:-gpu-bench.log}"
