// The nginx format: reads nginx.conf (or a conf.d / sites-enabled fragment) into the normalized
// model. `upstream` blocks become pools, upstream `server` lines members, `server` blocks
// listeners, and locations that pass requests on (proxy_pass, grpc_pass, …) routes. Includes are
// read in place through the caller's readInclude. One forward pass over the directive stream with
// an explicit stack of open blocks; names that can be declared later (upstreams, scope-wide
// timeouts) are resolved once the whole config has been read.

import { posix } from 'node:path';
import type { FormatParser, ParseOptions, ParseProblem, ParseResult } from './types.js';
import type { Bind, HealthCheck, LbConfig, Listener, Member, MemberState, Pool, PoolTarget, Route, SourceLoc } from '../model.js';
import { NginxReader, type Directive } from './nginx-reader.js';
import type { SyntaxProblem } from './nginx-tokens.js';
import { classifyPassTarget, parseHostPort, parseListenAddress, parseNginxTime } from './nginx-values.js';

/** Problems listed per file before the rest are summarised in one line. */
const MAX_PROBLEMS = 100;

/**
 * The path nginx reads for `include PATH` in a config whose main file is `mainFile`: relative
 * paths resolve against the main file's directory, whichever file the include is written in.
 */
export function resolveNginxInclude(includePath: string, mainFile: string): string {
  return posix.isAbsolute(includePath) ? includePath : posix.join(posix.dirname(mainFile), includePath);
}

/** nginx has no include depth limit; anything deeper than this is a cycle in disguise. */
const MAX_INCLUDE_DEPTH = 20;
/** Bounds an include fan-out (a file including another many times, nested) to linear work. */
const MAX_INCLUDE_EXPANSIONS = 10_000;

const PASS_DIRECTIVES: ReadonlyMap<string, string> = new Map([
  ['proxy_pass', 'proxy'],
  ['grpc_pass', 'grpc'],
  ['uwsgi_pass', 'uwsgi'],
  ['fastcgi_pass', 'fastcgi'],
  ['scgi_pass', 'scgi'],
  ['memcached_pass', 'memcached'],
]);

/** `proxy_read_timeout` → `proxy.read`; stream `proxy_timeout` → `proxy.idle`. */
function timeoutKey(name: string): string | null {
  if (name === 'proxy_timeout') return 'proxy.idle';
  const m = /^(proxy|grpc|uwsgi|fastcgi|scgi|memcached)_(connect|read|send)_timeout$/.exec(name);
  return m ? `${m[1]}.${m[2]}` : null;
}

interface Scope {
  parent: Scope | null;
  /** Timeouts set in this block; null until one is. */
  own: Map<string, number> | null;
  /** Filled after reading: own values over the parent's. */
  effective?: Map<string, number>;
}

interface ActiveCheck {
  kind: string;
  path?: string;
  intervalMs: number;
  loc: SourceLoc;
}

interface UpstreamBuild {
  pool: Pool;
  /** The name as written; `pool.name` may carry a suffix that keeps pool names unique. */
  declared: string;
  space: 'http' | 'stream';
  /** Declared outside http/stream (a conf.d fragment): reachable from either. */
  topLevel: boolean;
  memberNames: Set<string>;
  /** Next `#n` to try per repeated address. */
  memberSuffix: Map<string, number>;
  algorithmLine: number | null;
  keepaliveLine: number | null;
  activeCheck: ActiveCheck | null;
}

interface PassRef {
  value: string;
  module: string;
  loc: SourceLoc;
}

interface LocationBuild {
  match: string;
  isRoot: boolean;
  loc: SourceLoc;
  scope: Scope;
  pass: PassRef | null;
  conditional: { match: string; pass: PassRef }[];
  healthCheck: ActiveCheck | null;
}

interface ListenRef {
  /** The first parameter as written, used to tell listeners with one server_name apart. */
  address: string;
  bind: Bind;
}

interface ServerBuild {
  context: 'http' | 'stream' | 'top';
  loc: SourceLoc;
  serverName: string | null;
  listens: ListenRef[];
  sslOn: boolean;
  scope: Scope;
  pass: PassRef | null;
  locations: LocationBuild[];
  healthCheck: ActiveCheck | null;
}

type Frame =
  | { kind: 'main'; scope: Scope }
  | { kind: 'http'; scope: Scope }
  | { kind: 'stream'; scope: Scope }
  | { kind: 'upstream'; up: UpstreamBuild }
  | { kind: 'server'; server: ServerBuild }
  | { kind: 'location'; server: ServerBuild; location: LocationBuild }
  | { kind: 'if'; location: LocationBuild; match: string }
  | { kind: 'ignored' };

const IGNORED: Frame = Object.freeze({ kind: 'ignored' });

/** Where a problem was found: the file, and the root file's include line that led there. */
interface Origin {
  file: string;
  /** Null for the root file; problems inside includes are reported on this line of the root. */
  rootLine: number | null;
}

interface Source extends Origin {
  reader: NginxReader;
  /** Files from the root to this one, for cycle detection. */
  chain: string[];
}

/** Balancing methods that nginx refuses to combine with `backup` servers written after them. */
const NO_BACKUP_ALGORITHMS = new Set(['ip_hash', 'hash', 'random']);

function at(src: Source, d: Directive): SourceLoc {
  return { file: src.file, line: d.line };
}

/** A non-negative integer written in digits only, or null. */
function wholeNumber(text: string): number | null {
  if (text.length === 0 || text.length > 9) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(text);
}

function normalizePath(path: string): string {
  return path.replace(/^(\.\/)+/, '');
}

class NginxModelBuilder {
  private readonly problems: ParseProblem[] = [];
  private readonly seenProblems = new Set<string>();
  private truncatedProblems = false;
  private readonly mainScope: Scope = { parent: null, own: null };
  private readonly scopes: Scope[] = [this.mainScope];
  private readonly frames: Frame[] = [{ kind: 'main', scope: this.mainScope }];
  private readonly upstreams: UpstreamBuild[] = [];
  /** Upstreams by context and lower-cased name as declared, to find duplicates. */
  private readonly declaredUpstreams = new Map<string, UpstreamBuild>();
  /** Lower-cased pool names in use. */
  private readonly poolNames = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  private readonly servers: ServerBuild[] = [];
  private readonly sources: Source[] = [];
  private includeExpansions = 0;

  constructor(private readonly options: ParseOptions) {}

  run(text: string): ParseResult {
    this.sources.push(this.source(text, this.options.file, [normalizePath(this.options.file)], null));
    let aborted = false;
    while (this.sources.length > 0 && !aborted) {
      const src = this.sources[this.sources.length - 1];
      const event = src.reader.next();
      if (event.kind === 'eof') {
        if (src.reader.aborted) aborted = true;
        this.sources.pop();
      } else if (event.kind === 'end') {
        if (this.frames.length > 1) this.close(this.frames.pop() as Frame, src);
      } else {
        this.directive(event, src);
      }
    }
    return { format: 'nginx', model: this.finish(), problems: this.problems };
  }

  // ---- problems -------------------------------------------------------------------------------

  private source(text: string, file: string, chain: string[], rootLine: number | null): Source {
    const origin: Origin = { file, rootLine };
    return { ...origin, chain, reader: new NginxReader(text, (p) => this.problemIn(origin, p)) };
  }

  private problemIn(origin: Origin, p: SyntaxProblem): void {
    if (origin.rootLine === null) {
      this.addProblem({ line: p.line, ...(p.column !== undefined ? { column: p.column } : {}), message: p.message }, `${p.line}`);
    } else {
      // ParseProblem carries no file, so a problem inside an included file is reported on the
      // root file's include line, naming the included file and its own line. A snippet included
      // many times reports its problem once.
      this.addProblem({ line: origin.rootLine, message: `in included file ${origin.file}, line ${p.line}: ${p.message}` }, origin.file);
    }
  }

  private problemAt(origin: Origin, line: number, message: string): void {
    this.problemIn(origin, { line, message });
  }

  private addProblem(problem: ParseProblem, where: string): void {
    const key = `${where}\u0000${problem.message}`;
    if (this.seenProblems.has(key)) return;
    this.seenProblems.add(key);
    if (this.problems.length >= MAX_PROBLEMS) {
      if (!this.truncatedProblems) {
        this.truncatedProblems = true;
        this.problems.push({
          line: problem.line,
          message: `more than ${MAX_PROBLEMS} problems; the rest are not listed. Fix the ones above first.`,
        });
      }
      return;
    }
    this.problems.push(problem);
  }

  // ---- directives -----------------------------------------------------------------------------

  private directive(d: Directive, src: Source): void {
    const frame = this.frames[this.frames.length - 1];
    if (d.name === 'include' && !d.block) {
      if (frame.kind !== 'ignored') this.include(d, src);
      return;
    }
    let next: Frame | null = null;
    switch (frame.kind) {
      case 'main':
        next = this.inMain(d, src, frame.scope);
        break;
      case 'http':
        next = this.inHttp(d, src, frame.scope);
        break;
      case 'stream':
        next = this.inStream(d, src, frame.scope);
        break;
      case 'upstream':
        next = this.inUpstream(d, src, frame.up);
        break;
      case 'server':
        next = this.inServer(d, src, frame.server);
        break;
      case 'location':
        next = this.inLocation(d, src, frame.server, frame.location);
        break;
      case 'if':
        next = this.inIf(d, src, frame);
        break;
      case 'ignored':
        break;
    }
    if (d.block) this.frames.push(next ?? IGNORED);
  }

  /** Checks that need the whole block. */
  private close(frame: Frame, src: Source): void {
    if (frame.kind !== 'server') return;
    const server = frame.server;
    if (server.context === 'stream' && server.listens.length === 0) {
      this.problemAt(src, server.loc.line, 'a stream "server" has no "listen"; nginx refuses the config');
    }
    if (server.context === 'top' && server.pass && server.locations.length > 0) {
      this.problemAt(
        src,
        server.pass.loc.line,
        '"proxy_pass" directly in a "server" block that also has locations: nginx allows that only in stream servers, and refuses the config',
      );
    }
  }

  private inMain(d: Directive, src: Source, scope: Scope): Frame | null {
    switch (d.name) {
      case 'http':
      case 'stream':
        if (!this.needsBlock(d, src)) return null;
        return { kind: d.name, scope: this.newScope(scope) };
      case 'upstream':
        return this.openUpstream(d, src, 'http', true);
      case 'server':
        return this.openServer(d, src, 'top', scope);
      default:
        this.scopeTimeout(d, src, scope);
        return null;
    }
  }

  private inHttp(d: Directive, src: Source, scope: Scope): Frame | null {
    if (d.name === 'upstream') return this.openUpstream(d, src, 'http', false);
    if (d.name === 'server') return this.openServer(d, src, 'http', scope);
    this.scopeTimeout(d, src, scope);
    return null;
  }

  private inStream(d: Directive, src: Source, scope: Scope): Frame | null {
    if (d.name === 'upstream') return this.openUpstream(d, src, 'stream', false);
    if (d.name === 'server') return this.openServer(d, src, 'stream', scope);
    this.scopeTimeout(d, src, scope);
    return null;
  }

  private inServer(d: Directive, src: Source, server: ServerBuild): Frame | null {
    switch (d.name) {
      case 'listen':
        if (!this.noBlock(d, src)) return null;
        if (d.args.length === 0) this.problemAt(src, d.line, '"listen" needs an address or port');
        else server.listens.push({ address: d.args[0], bind: this.bind(d, src) });
        return null;
      case 'server_name':
        if (!this.noBlock(d, src)) return null;
        if (server.serverName === null && d.args.length > 0) server.serverName = d.args[0];
        return null;
      case 'ssl':
        if (d.args[0] === 'on') server.sslOn = true;
        return null;
      case 'location':
        return this.openLocation(d, src, server, server.scope);
      case 'proxy_pass':
        if (!this.noBlock(d, src) || !this.oneArg(d, src)) return null;
        if (server.context === 'http') {
          this.problemAt(
            src,
            d.line,
            '"proxy_pass" is not allowed directly in an http "server" block; nginx refuses the config. Put it inside a "location".',
          );
        } else if (server.pass) {
          this.problemAt(src, d.line, `"proxy_pass" is duplicate in this server (first on line ${server.pass.loc.line}); nginx refuses the config`);
        } else {
          server.pass = { value: d.args[0], module: 'proxy', loc: at(src, d) };
        }
        return null;
      case 'health_check':
        if (server.context !== 'http' && !server.healthCheck) server.healthCheck = this.activeCheck(d, src, true);
        return null;
      default:
        this.scopeTimeout(d, src, server.scope);
        return null;
    }
  }

  private inLocation(d: Directive, src: Source, server: ServerBuild, location: LocationBuild): Frame | null {
    if (d.name === 'location') return this.openLocation(d, src, server, location.scope);
    if (d.name === 'if' && d.block) {
      // nginx reads `if ($a = "1")` as `($a`, `=`, `1`, `)`: glue the closing parenthesis back.
      const condition = d.args.join(' ').replace(/ \)$/, ')');
      return { kind: 'if', location, match: `${location.match} if ${condition}` };
    }
    const module = PASS_DIRECTIVES.get(d.name);
    if (module !== undefined) {
      if (!this.noBlock(d, src) || !this.oneArg(d, src)) return null;
      if (location.pass) {
        this.problemAt(
          src,
          d.line,
          `"${d.name}" is duplicate in "${location.match}" (the location already passes requests on line ${location.pass.loc.line}); nginx refuses the config`,
        );
        return null;
      }
      location.pass = { value: d.args[0], module, loc: at(src, d) };
      return null;
    }
    if (d.name === 'health_check') {
      if (!location.healthCheck) location.healthCheck = this.activeCheck(d, src, false);
      return null;
    }
    this.scopeTimeout(d, src, location.scope);
    return null;
  }

  private inIf(d: Directive, src: Source, frame: { location: LocationBuild; match: string }): Frame | null {
    const module = PASS_DIRECTIVES.get(d.name);
    if (module !== undefined && this.noBlock(d, src) && this.oneArg(d, src)) {
      frame.location.conditional.push({ match: frame.match, pass: { value: d.args[0], module, loc: at(src, d) } });
    }
    return null;
  }

  private inUpstream(d: Directive, src: Source, up: UpstreamBuild): Frame | null {
    const pool = up.pool;
    switch (d.name) {
      case 'server':
        if (!this.noBlock(d, src)) return null;
        this.addMember(d, src, up);
        return null;
      case 'least_conn':
      case 'ip_hash':
        this.setAlgorithm(up, d, src, d.name === 'least_conn' ? 'leastconn' : 'ip_hash');
        if (d.args.length > 0) this.problemAt(src, d.line, `"${d.name}" takes no parameters, got "${d.args.join(' ')}"`);
        return null;
      case 'hash': {
        if (d.args.length < 1 || d.args.length > 2 || (d.args.length === 2 && d.args[1] !== 'consistent')) {
          this.problemAt(src, d.line, `"hash" needs a key and optionally "consistent", got "hash ${d.args.join(' ')}"`);
          if (d.args.length < 1) return null;
        }
        this.setAlgorithm(up, d, src, 'hash');
        pool.hashKey = d.args[0];
        pool.hashKeyConstant = !d.args[0].includes('$');
        return null;
      }
      case 'random':
        this.setAlgorithm(up, d, src, 'random');
        return null;
      case 'least_time':
        this.setAlgorithm(up, d, src, 'least_time');
        return null;
      case 'keepalive':
        up.keepaliveLine ??= d.line;
        return null;
      default:
        return null;
    }
  }

  // ---- blocks ---------------------------------------------------------------------------------

  private openUpstream(d: Directive, src: Source, space: 'http' | 'stream', topLevel: boolean): Frame | null {
    if (!this.needsBlock(d, src)) return null;
    if (d.args.length !== 1) {
      this.problemAt(src, d.line, `"upstream" needs exactly one name, got "upstream ${d.args.join(' ')}"`);
      if (d.args.length === 0) return null;
    }
    const loc = at(src, d);
    const pool: Pool = {
      name: d.args[0],
      algorithm: 'roundrobin',
      healthCheck: { enabled: false, kind: 'passive' },
      timeouts: {},
      members: [],
      loc,
    };
    const up: UpstreamBuild = { pool, declared: pool.name, space, topLevel, memberNames: new Set(), memberSuffix: new Map(), algorithmLine: null, keepaliveLine: null, activeCheck: null };
    this.namePool(up, src);
    this.upstreams.push(up);
    return { kind: 'upstream', up };
  }

  private openServer(d: Directive, src: Source, context: ServerBuild['context'], scope: Scope): Frame | null {
    if (!this.needsBlock(d, src)) return null;
    const server: ServerBuild = {
      context,
      loc: at(src, d),
      serverName: null,
      listens: [],
      sslOn: false,
      scope: this.newScope(scope),
      pass: null,
      locations: [],
      healthCheck: null,
    };
    this.servers.push(server);
    return { kind: 'server', server };
  }

  private openLocation(d: Directive, src: Source, server: ServerBuild, parent: Scope): Frame | null {
    if (!this.needsBlock(d, src)) return null;
    if (server.context === 'stream') {
      this.problemAt(src, d.line, '"location" is not allowed in a stream "server"; nginx refuses the config');
      return null;
    }
    if (d.args.length < 1 || d.args.length > 2) {
      this.problemAt(src, d.line, `"location" needs a path and at most one modifier, got "location ${d.args.join(' ')}"`);
      if (d.args.length < 1) return null;
    }
    const args = d.args;
    const location: LocationBuild = {
      match: `location ${args.join(' ')}`,
      isRoot: (args.length === 1 && args[0] === '/') || (args.length === 2 && args[0] === '^~' && args[1] === '/'),
      loc: at(src, d),
      scope: this.newScope(parent),
      pass: null,
      conditional: [],
      healthCheck: null,
    };
    server.locations.push(location);
    return { kind: 'location', server, location };
  }

  private newScope(parent: Scope): Scope {
    const scope: Scope = { parent, own: null };
    this.scopes.push(scope);
    return scope;
  }

  // ---- directive values -----------------------------------------------------------------------

  private needsBlock(d: Directive, src: Source): boolean {
    if (d.block) return true;
    this.problemAt(src, d.line, `"${d.name}" needs a block: "${d.name} ${d.args.join(' ')}${d.args.length ? ' ' : ''}{ … }"`);
    return false;
  }

  private noBlock(d: Directive, src: Source): boolean {
    if (!d.block) return true;
    this.problemAt(src, d.line, `"${d.name}" takes no block; end it with ";" instead of "{ … }"`);
    return false;
  }

  private oneArg(d: Directive, src: Source): boolean {
    if (d.args.length === 1) return true;
    this.problemAt(src, d.line, `"${d.name}" needs exactly one value, got ${d.args.length}`);
    return false;
  }

  private scopeTimeout(d: Directive, src: Source, scope: Scope): void {
    const key = timeoutKey(d.name);
    if (key === null || d.block) return;
    if (d.args.length !== 1) {
      this.problemAt(src, d.line, `"${d.name}" needs exactly one time value, got ${d.args.length}`);
      return;
    }
    const ms = parseNginxTime(d.args[0], 'ms');
    if (ms === null) {
      this.problemAt(src, d.line, `"${d.name}" has an invalid time "${d.args[0]}" (use e.g. 500ms, 30s, 1m30s)`);
      return;
    }
    (scope.own ??= new Map()).set(key, ms);
  }

  private activeCheck(d: Directive, src: Source, stream: boolean): ActiveCheck {
    const check: ActiveCheck = { kind: stream ? 'tcp' : 'http', intervalMs: 5000, loc: at(src, d) };
    if (!stream) check.path = '/';
    for (const arg of d.args) {
      if (arg.startsWith('uri=') && !stream) check.path = arg.slice(4);
      else if (arg === 'udp' && stream) check.kind = 'udp';
      else if (arg.startsWith('interval=')) {
        const ms = parseNginxTime(arg.slice(9), 'ms');
        if (ms === null) this.problemAt(src, d.line, `"health_check" has an invalid interval "${arg.slice(9)}"`);
        else check.intervalMs = ms;
      }
    }
    return check;
  }

  private setAlgorithm(up: UpstreamBuild, d: Directive, src: Source, algorithm: string): void {
    if (up.algorithmLine !== null) {
      this.problemAt(
        src,
        d.line,
        `upstream "${up.pool.name}" sets its balancing method twice (line ${up.algorithmLine} and line ${d.line}); nginx uses only the last one`,
      );
    }
    if (up.keepaliveLine !== null) {
      this.problemAt(
        src,
        d.line,
        `upstream "${up.pool.name}": "${d.name}" comes after "keepalive" (line ${up.keepaliveLine}), which turns the keepalive connection cache off; put the balancing method first`,
      );
    }
    up.algorithmLine = d.line;
    up.pool.algorithm = algorithm;
    delete up.pool.hashKey;
    delete up.pool.hashKeyConstant;
  }

  private addMember(d: Directive, src: Source, up: UpstreamBuild): void {
    if (d.args.length === 0) {
      this.problemAt(src, d.line, `"server" in upstream "${up.pool.name}" needs an address`);
      return;
    }
    const raw = d.args[0];
    const parsed = parseHostPort(raw, up.space === 'http' ? 80 : null);
    let address = raw;
    let port: number | null = null;
    if ('error' in parsed) {
      this.problemAt(src, d.line, `upstream "${up.pool.name}": ${parsed.error}; nginx refuses the config`);
    } else {
      address = parsed.address;
      port = parsed.port;
    }
    let weight = 1;
    let state: MemberState = 'active';
    let healthChecked = true;
    for (let i = 1; i < d.args.length; i++) {
      const param = d.args[i];
      const eq = param.indexOf('=');
      const key = eq < 0 ? param : param.slice(0, eq);
      const value = eq < 0 ? '' : param.slice(eq + 1);
      let why: string | null = null;
      switch (key) {
        case 'weight': {
          const n = wholeNumber(value);
          if (n === null) why = 'the weight must be a whole number';
          else {
            weight = n;
            if (n === 0) why = 'nginx refuses weight=0 (the minimum is 1); use "down" to take a server out of rotation';
          }
          break;
        }
        case 'max_fails': {
          const n = wholeNumber(value);
          if (n === null) why = 'max_fails must be a whole number';
          else if (n === 0) healthChecked = false;
          break;
        }
        case 'max_conns':
          if (wholeNumber(value) === null) why = 'max_conns must be a whole number';
          break;
        case 'fail_timeout':
        case 'slow_start':
          if (parseNginxTime(value, 's') === null) why = `${key} must be a time in seconds or larger units, e.g. 10s`;
          break;
        case 'backup':
          if (state === 'active') state = 'backup';
          if (NO_BACKUP_ALGORITHMS.has(up.pool.algorithm)) {
            why = `upstream "${up.pool.name}" balances with ${up.pool.algorithm}, which has no backup servers, so nginx refuses the config`;
          }
          break;
        case 'down':
          state = 'disabled';
          break;
        case 'drain':
          if (state !== 'disabled') state = 'draining';
          break;
        case 'resolve':
        case 'service':
        case 'route':
        case 'id':
          break;
        default:
          why = 'nginx does not know it (a missing ";" on the line before?)';
      }
      if (why !== null) {
        this.problemAt(src, d.line, `invalid parameter "${param}" for server ${raw} in upstream "${up.pool.name}": ${why}`);
      }
    }
    let name = raw;
    if (up.memberNames.has(name)) {
      let n = up.memberSuffix.get(raw) ?? 2;
      while (up.memberNames.has(name)) name = `${raw}#${n++}`;
      up.memberSuffix.set(raw, n);
    }
    up.memberNames.add(name);
    const member: Member = { name, address, port, weight, state, healthChecked, loc: at(src, d) };
    up.pool.members.push(member);
  }

  private include(d: Directive, src: Source): void {
    if (d.block || d.args.length !== 1) {
      this.problemAt(src, d.line, '"include" needs exactly one path and no block');
      return;
    }
    // nginx resolves a relative include against its configuration directory (where the main
    // file lives), whichever file the include is written in; findings then name that path.
    const path = resolveNginxInclude(d.args[0], this.options.file);
    const key = normalizePath(path);
    if (src.chain.includes(key)) {
      this.problemAt(src, d.line, `include cycle: ${[...src.chain, key].join(' → ')}; nginx would include these files forever`);
      return;
    }
    if (src.chain.length > MAX_INCLUDE_DEPTH) {
      this.problemAt(src, d.line, `includes are nested more than ${MAX_INCLUDE_DEPTH} levels deep at "${path}"; lb-gate did not read further`);
      return;
    }
    if (this.includeExpansions >= MAX_INCLUDE_EXPANSIONS) {
      if (this.includeExpansions === MAX_INCLUDE_EXPANSIONS) {
        this.includeExpansions++;
        this.problemAt(src, d.line, `more than ${MAX_INCLUDE_EXPANSIONS} includes were expanded; lb-gate read no further includes, starting with "${path}"`);
      }
      return;
    }
    const read = this.options.readInclude;
    if (!read) return;
    let text: string | null;
    try {
      text = read(path, src.file);
    } catch (err) {
      this.problemAt(src, d.line, `could not read included file "${path}": ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (text === null || text === undefined) return;
    this.includeExpansions++;
    this.sources.push(this.source(text, path, [...src.chain, key], src.rootLine ?? d.line));
  }

  // ---- the model ------------------------------------------------------------------------------

  private finish(): LbConfig {
    // Scopes were created parents first, so one pass in creation order resolves inheritance.
    const none = new Map<string, number>();
    for (const scope of this.scopes) {
      const inherited = scope.parent?.effective ?? none;
      if (scope.own === null) scope.effective = inherited;
      else if (inherited.size === 0) scope.effective = scope.own;
      else scope.effective = new Map([...inherited, ...scope.own]);
    }
    const pools = this.upstreams.map((up) => up.pool);
    const httpNames = new Map<string, string>();
    const streamNames = new Map<string, string>();
    for (const up of this.upstreams) {
      const key = up.declared.toLowerCase();
      if (up.space === 'http' && !httpNames.has(key)) httpNames.set(key, up.pool.name);
      if ((up.space === 'stream' || up.topLevel) && !streamNames.has(key)) streamNames.set(key, up.pool.name);
    }
    const byName = new Map(this.upstreams.map((up) => [up.pool.name, up] as const));

    const listeners: Listener[] = [];
    const bases: string[] = [];
    const firstListens: string[] = [];
    for (const server of this.servers) {
      const stream = server.context === 'stream' || (server.context === 'top' && server.pass !== null && server.locations.length === 0);
      const listener = stream
        ? this.streamListener(server, streamNames, byName)
        : this.httpListener(server, httpNames, byName);
      listeners.push(listener);
      bases.push(stream ? 'stream' : server.serverName || '_');
      // The lowest listen address, not the first written: reordering listen lines renames nothing.
      firstListens.push(server.listens.map((l) => l.address).sort()[0] ?? (stream ? '' : '*:80'));
    }
    this.nameListeners(listeners, bases, firstListens);

    for (const up of this.upstreams) {
      const pool = up.pool;
      if (up.activeCheck) {
        const check = up.activeCheck;
        const hc: HealthCheck = { enabled: true, kind: check.kind, intervalMs: check.intervalMs, loc: check.loc };
        if (check.path !== undefined) hc.path = check.path;
        pool.healthCheck = hc;
        for (const m of pool.members) m.healthChecked = true;
      } else {
        pool.healthCheck = { enabled: pool.members.some((m) => m.healthChecked), kind: 'passive' };
      }
    }
    return { format: 'nginx', file: this.options.file, listeners, pools };
  }

  /**
   * Pool names must be unique. A repeated upstream (which nginx refuses) gets a `#2` suffix; an
   * http and a stream upstream may share a name in nginx, so the later one is marked with its
   * context instead.
   */
  private namePool(up: UpstreamBuild, src: Source): void {
    const declared = up.pool.name;
    const lower = declared.toLowerCase();
    const spaces = up.topLevel ? ['http', 'stream'] : [up.space];
    const previous = spaces.map((space) => this.declaredUpstreams.get(`${space} ${lower}`)).find((u) => u !== undefined);
    if (previous) {
      this.problemAt(
        src,
        up.pool.loc.line,
        `duplicate upstream "${declared}" (first declared in ${previous.pool.loc.file} line ${previous.pool.loc.line}); nginx refuses the config`,
      );
    }
    for (const space of spaces) if (!this.declaredUpstreams.has(`${space} ${lower}`)) this.declaredUpstreams.set(`${space} ${lower}`, up);
    if (!this.poolNames.has(lower)) {
      this.poolNames.add(lower);
      return;
    }
    const base = previous ? previous.pool.name : `${declared} (${up.space})`;
    let name = base;
    // Counting on from the last suffix used keeps many repeats of one name linear.
    let n = this.nextSuffix.get(base.toLowerCase()) ?? 2;
    while (this.poolNames.has(name.toLowerCase())) name = `${base}#${n++}`;
    this.nextSuffix.set(base.toLowerCase(), n);
    this.poolNames.add(name.toLowerCase());
    up.pool.name = name;
  }

  private httpListener(server: ServerBuild, names: ReadonlyMap<string, string>, byName: ReadonlyMap<string, UpstreamBuild>): Listener {
    const binds: Bind[] = [];
    for (const listen of server.listens) binds.push({ ...listen.bind, tls: listen.bind.tls || server.sslOn });
    if (server.listens.length === 0) binds.push({ address: '*', port: 80, tls: server.sslOn, loc: server.loc });
    const routes: Route[] = [];
    let defaultTargets: PoolTarget[] = [];
    let haveDefault = false;
    for (const location of server.locations) {
      if (location.pass) {
        const targets = [this.target(location.pass, names, location.scope, location.healthCheck, byName, 'http')];
        routes.push({ match: location.match, targets, loc: location.loc });
        if (location.isRoot && !haveDefault) {
          defaultTargets = targets.map((t) => ({ ...t }));
          haveDefault = true;
        }
      }
      for (const cond of location.conditional) {
        const targets = [this.target(cond.pass, names, location.scope, location.healthCheck, byName, 'http')];
        routes.push({ match: cond.match, targets, loc: cond.pass.loc });
      }
    }
    return { name: '', binds, routes, defaultTargets, loc: server.loc };
  }

  private streamListener(server: ServerBuild, names: ReadonlyMap<string, string>, byName: ReadonlyMap<string, UpstreamBuild>): Listener {
    const binds = server.listens.map((listen) => ({ ...listen.bind }));
    const defaultTargets = server.pass ? [this.target(server.pass, names, server.scope, server.healthCheck, byName, 'stream')] : [];
    return { name: '', binds, routes: [], defaultTargets, loc: server.loc };
  }

  private bind(d: Directive, src: Source): Bind {
    const loc = at(src, d);
    const raw = d.args[0];
    const parsed = parseListenAddress(raw);
    const tls = d.args.includes('ssl') || d.args.includes('quic');
    if ('error' in parsed) {
      this.problemAt(src, d.line, `"listen ${raw}": ${parsed.error}; nginx refuses the config`);
      return { address: raw, port: null, tls, loc };
    }
    return { address: parsed.address, port: parsed.port, tls, loc };
  }

  /** Resolves a pass value and attaches the location's timeouts and active check to its pool. */
  private target(
    pass: PassRef,
    names: ReadonlyMap<string, string>,
    scope: Scope,
    check: ActiveCheck | null,
    byName: ReadonlyMap<string, UpstreamBuild>,
    kind: 'http' | 'stream',
  ): PoolTarget {
    const target = classifyPassTarget(pass.value, names);
    const up = target.dynamic || target.external ? undefined : byName.get(target.pool);
    if (!up) return target;
    const effective = scope.effective ?? new Map<string, number>();
    const wanted: ReadonlyArray<readonly [string, string]> =
      kind === 'http'
        ? [[`${pass.module}.connect`, 'connect'], [`${pass.module}.read`, 'read'], [`${pass.module}.send`, 'send']]
        : [['proxy.connect', 'connect'], ['proxy.idle', 'idle']];
    for (const [key, name] of wanted) {
      const ms = effective.get(key);
      if (ms === undefined) continue;
      // Several locations may proxy to one upstream with different timeouts: keep the tightest,
      // the one most likely to cut requests short.
      const current = up.pool.timeouts[name];
      up.pool.timeouts[name] = current === undefined ? ms : Math.min(current, ms);
    }
    if (check && !up.activeCheck) up.activeCheck = check;
    return target;
  }

  /**
   * A listener is named by its first server_name; when several share it, by server_name and its
   * lowest listen address. The rule applies to all of them alike, so reordering server blocks keeps the names.
   */
  private nameListeners(listeners: Listener[], bases: string[], firstListens: string[]): void {
    const count = new Map<string, number>();
    for (const base of bases) count.set(base, (count.get(base) ?? 0) + 1);
    const used = new Set<string>();
    listeners.forEach((listener, i) => {
      const base = bases[i];
      let name = (count.get(base) ?? 0) > 1 && firstListens[i] ? `${base} ${firstListens[i]}` : base;
      const plain = name;
      for (let n = 2; used.has(name); n++) name = `${plain}#${n}`;
      used.add(name);
      listener.name = name;
    });
  }
}

export function parseNginx(text: string, options: ParseOptions): ParseResult {
  return new NginxModelBuilder(options).run(text);
}

export const nginxParser: FormatParser = { id: 'nginx', parse: parseNginx };
