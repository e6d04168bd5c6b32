/**
 * The deployment files read as their engines read them, for tests that run what they say without
 * a container engine: the container file's environment, entry point, command and health check,
 * and the compose file's services with their variables substituted (`${NAME}`, `${NAME:?message}`)
 * and their YAML anchors and merge keys resolved.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ContainerFile {
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  healthcheck: string[];
}

/** The instructions of a container file, continuation lines joined, comments dropped. */
function instructions(text: string): { word: string; rest: string }[] {
  const joined = text.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const space = line.search(/\s/);
      return { word: line.slice(0, space).toUpperCase(), rest: line.slice(space + 1).trim() };
    });
}

export function readContainerFile(path = `${ROOT}Containerfile`): ContainerFile {
  const file: ContainerFile = { workdir: "/", env: {}, entrypoint: [], cmd: [], healthcheck: [] };
  for (const { word, rest } of instructions(readFileSync(path, "utf8"))) {
    if (word === "WORKDIR") file.workdir = rest;
    if (word === "ENV") for (const [, name, value] of rest.matchAll(/(\w+)=(\S+)/g)) file.env[name as string] = value as string;
    if (word === "ENTRYPOINT") file.entrypoint = JSON.parse(rest) as string[];
    if (word === "CMD") file.cmd = JSON.parse(rest) as string[];
    if (word === "HEALTHCHECK") file.healthcheck = JSON.parse(rest.slice(rest.indexOf("CMD") + 3).trim()) as string[];
  }
  return file;
}

/** `${NAME}` and `${NAME:?message}` as compose substitutes them; a missing required one throws its message. */
export function substitute(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\{(\w+)(?::\?([^}]*))?\}/g, (_, name: string, message: string | undefined) => {
    const value = env[name];
    if (value === undefined || value === "") {
      if (message !== undefined) throw new Error(`${name}: ${message}`);
      return "";
    }
    return value;
  });
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  stop_grace_period?: string;
}

/** The compose file's services, with the variables of `env` substituted. */
export function readCompose(path: string, env: Readonly<Record<string, string | undefined>>): Record<string, ComposeService> {
  const text = substitute(readFileSync(path, "utf8"), env);
  return (parse(text, { merge: true }) as { services: Record<string, ComposeService> }).services;
}

/** The variables the compose file requires (`${NAME:?…}`). */
export function requiredVariables(path: string): string[] {
  return [...new Set([...readFileSync(path, "utf8").matchAll(/\$\{(\w+):\?/g)].map((match) => match[1] as string))];
}
