/**
 * Realistic generated Dockerfiles of a given size, for the scaling benchmark and the big-input tests: stages with
 * ARG/ENV/LABEL, apt and pip installs in long RUN chains with continuations, COPY --from between stages, comments,
 * pragmas and a heredoc now and then.
 */
export function generateDockerfile(lines: number, seed = 1): string {
  let s = seed >>> 0;
  const r = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:12-slim'];
  let stage = 0;
  const startStage = (): void => {
    out.push(`FROM \${BASE} AS s${stage}`, `ARG VERSION=1.${stage}`, `ENV APP_HOME=/opt/app${stage} PATH=/opt/app${stage}/bin:$PATH`, `WORKDIR $APP_HOME`);
    stage++;
  };
  startStage();
  while (out.length < lines) {
    const k = r();
    if (k < 0.04) startStage();
    else if (k < 0.3) {
      // A long RUN chain with continuations.
      const n = 3 + Math.floor(r() * 12);
      // Every chain differs (the line number is in it), so caches keyed by script text do not flatter the figures.
      out.push(`RUN set -eux; echo step-${out.length}; \\`, '    apt-get update && \\');
      for (let i = 0; i < n; i++) out.push(`    apt-get install -y --no-install-recommends pkg${i}-${stage}=1.${i} && \\`);
      out.push('    rm -rf /var/lib/apt/lists/*');
    } else if (k < 0.4) out.push(`RUN pip install --no-cache-dir "lib${out.length}==2.$((1+1))" && echo "$VERSION" > /tmp/v && cd /tmp && make -j"$(nproc)" install`);
    else if (k < 0.5) out.push(`COPY --chown=1000:1000 src/${out.length}/ $APP_HOME/src/`);
    else if (k < 0.55 && stage > 1) out.push(`COPY --from=s${Math.floor(r() * (stage - 1))} /opt/app /opt/from-${out.length}`);
    else if (k < 0.62) out.push(`ENV VAR_${out.length}="value ${out.length}" OTHER_${out.length}=\${VERSION:-0}`);
    else if (k < 0.68) out.push(`LABEL org.example.l${out.length}="x" version="\${VERSION}"`);
    else if (k < 0.73) out.push(`# comment ${out.length}: explains the next step`, '# hadolint ignore=DL3008');
    else if (k < 0.77) out.push('RUN <<EOF', 'set -e', `echo heredoc ${out.length}`, 'EOF');
    else if (k < 0.8) out.push(`ARG OPT_${out.length}=on`);
    else if (k < 0.84) out.push(`WORKDIR /srv/w${out.length % 50}`);
    else if (k < 0.87) out.push(`EXPOSE ${8000 + (out.length % 1000)}/tcp`);
    else if (k < 0.9) out.push('USER 1000:1000');
    else if (k < 0.93) out.push(`ADD https://example.com/files/f${out.length}.tar.gz /tmp/`);
    else if (k < 0.96) out.push(`HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:${out.length}/ || exit 1`);
    else out.push('CMD ["/opt/app/bin/server", "--port", "8080"]');
  }
  out.length = Math.min(out.length, lines);
  return out.join('\n') + '\n';
}
