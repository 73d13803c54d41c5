import type { Arg, Instruction } from '../model/types';

/** EXPOSE port specs as BuildKit reads them: `[ip:][hostPort:]containerPort[/proto]`. */
export interface PortSpec {
  ip: string;
  hostPort: string;
  containerPort: string;
  /** As written (may be empty). */
  proto: string;
  /** Offset of the proto text inside the spec, or -1 when there is none. */
  protoOffset: number;
}

export function parsePortSpec(raw: string): PortSpec {
  const parts = raw.split(':');
  let ip = '';
  let hostPort = '';
  let container: string;
  if (parts.length === 1) container = parts[0];
  else if (parts.length === 2) [hostPort, container] = parts;
  else {
    const n = parts.length;
    ip = parts.slice(0, n - 2).join(':');
    hostPort = parts[n - 2];
    container = parts[n - 1];
  }
  const slash = container.indexOf('/');
  const containerPort = slash < 0 ? container : container.slice(0, slash);
  const proto = slash < 0 ? '' : container.slice(slash + 1);
  const protoOffset = slash < 0 ? -1 : raw.length - container.length + slash + 1;
  return { ip, hostPort, containerPort, proto, protoOffset };
}

/** Each EXPOSE argument with its expanded text (one level of quotes removed) read as a port spec. */
export function exposedPorts(ins: Instruction): { arg: Arg; text: string; spec: PortSpec }[] {
  return ins.args.map((arg) => {
    const text = arg.expanded.replace(/^(["'])(.*)\1$/, '$2');
    return { arg, text, spec: parsePortSpec(text) };
  });
}
