/**
 * WebGPU for test files in Node: Dawn (the `webgpu` package) on SwiftShader's
 * Vulkan driver, which Debian's chromium ships, as CI runs it. Dawn also needs
 * the Vulkan loader (Debian's libvulkan1).
 *
 * A machine without them skips the WebGPU tests and says why; under
 * REQUIRE_WEBGPU=1 (set by .ci/run) it fails instead, so CI cannot pass with
 * those tests silently skipped.
 */
import { existsSync } from 'node:fs';
import { selectBackend } from '../backend';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

async function whyNot(): Promise<string | null> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const icd = process.env.VK_ICD_FILENAMES;
  if (!icd) return `no Vulkan driver: VK_ICD_FILENAMES is unset and ${SWIFTSHADER_ICD} is missing`;
  if (!icd.split(':').some((p) => existsSync(p))) return `no Vulkan driver: VK_ICD_FILENAMES=${icd} names no existing file`;
  const report = await selectBackend({ forced: 'webgpu' });
  return report.backend === 'webgpu' ? null : `webgpu did not start: ${report.skipped.webgpu ?? report.reason}`;
}

/** Makes webgpu the active backend; null once it is, else why not (after a warning naming `tests`). Throws under REQUIRE_WEBGPU=1. */
export async function startWebGpuForTests(tests: string): Promise<string | null> {
  const why = await whyNot();
  if (why === null) return null;
  const required = process.env.REQUIRE_WEBGPU;
  if (required && required !== '0') {
    throw new Error(
      `REQUIRE_WEBGPU=${required}, but WebGPU cannot start, so the ${tests} cannot run: ${why}. ` +
      `Install Debian's libvulkan1 and chromium (for ${SWIFTSHADER_ICD}), or point VK_ICD_FILENAMES at a Vulkan driver.`,
    );
  }
  console.warn(`SKIPPED ${tests}: ${why}`);
  return why;
}
