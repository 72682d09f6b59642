/**
 * A configuration is checked before it is stored, with the same rules and errors as midgoal.yaml.
 * Problems name the version it would become (`meta:config@3:4:5 funnels[0].window: …`), since a
 * stored configuration has no file name.
 */
import { configFromYaml } from '../config/configFromYaml.ts';

export function storedConfigName(version: number): string {
  return `meta:config@${version}`;
}

/** Throws the ConfigError when `yaml` is not a valid midgoal.yaml. */
export function validateStoredYaml(yaml: string, version: number): void {
  configFromYaml(yaml, { file: storedConfigName(version), path: null });
}
