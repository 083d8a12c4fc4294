// The HAProxy format: reads haproxy.cfg text into the normalized model. Frontends become
// listeners, backends become pools, `listen` sections become both; `defaults` sections (anonymous,
// named, `from`) are inherited the way HAProxy inherits them. What HAProxy itself would refuse
// and what matters for traffic is reported as a problem with its line; the hundreds of keywords
// that do not shape traffic are skipped. Plain lines, which large configs are made of, are read
// on fast paths (haproxy-plain-lines.ts, haproxy-server-line.ts) that give what the full
// tokenizer and the general server reading would.

import type { Bind, LbConfig, Listener, Member, Pool, PoolTarget, Route, SourceLoc } from '../model.js';
import { emptyConfig } from '../model.js';
import { splitAddress } from './haproxy-address.js';
import { parseBalance, type Balance } from './haproxy-balance.js';
import { ConditionalBlocks } from './haproxy-if-blocks.js';
import { shown } from './haproxy-message.js';
import { PlainLines } from './haproxy-plain-lines.js';
import { PlainServerLine } from './haproxy-server-line.js';
import { parseServerParams, type ServerParams } from './haproxy-server.js';
import { parseHaproxyTime } from './haproxy-time.js';
import { LineTokenizer } from './haproxy-tokenize.js';
import type { FormatParser, ParseOptions, ParseProblem, ParseResult } from './types.js';

/** HAProxy runs health checks every 2 seconds unless `inter` says otherwise. */
export const DEFAULT_CHECK_INTERVAL_MS = 2000;

// After this many problems the file is clearly not a usable config; more would only bury the first.
const MAX_PROBLEMS = 100;
// A `server-template` line can ask for any number of servers; beyond this the gate stops expanding.
const MAX_TEMPLATE_SERVERS = 10_000;

type ProxyKind = 'frontend' | 'backend' | 'listen';

// Sections whose contents do not shape traffic between listeners, pools and members.
const OTHER_SECTIONS = [
  'global', 'userlist', 'peers', 'resolvers', 'cache', 'program', 'http-errors', 'ring', 'mailers',
  'log-forward', 'crt-store', 'traces', 'acme', 'fcgi-app', 'log-profile', 'dynamic-update',
  'spoe-agent', 'spoe-message', 'spoe-group',
];
// What each section keyword opens, so that every line costs one lookup to tell.
const SECTION_KEYWORDS = new Map<string, ProxyKind | 'defaults' | 'other'>([
  ['frontend', 'frontend'],
  ['backend', 'backend'],
  ['listen', 'listen'],
  ['defaults', 'defaults'],
  ...OTHER_SECTIONS.map((name) => [name, 'other'] as const),
]);

// `option` names that choose how servers are health-checked, and the kind each one means.
const CHECK_OPTIONS = new Map<string, string>([
  ['httpchk', 'http'],
  ['tcp-check', 'tcp'],
  ['ssl-hello-chk', 'ssl-hello'],
  ['mysql-check', 'mysql'],
  ['pgsql-check', 'pgsql'],
  ['redis-check', 'redis'],
  ['smtpchk', 'smtp'],
  ['ldap-check', 'ldap'],
  ['spop-check', 'spop'],
  ['external-check', 'external'],
]);

// The timeouts a proxy can set; HAProxy refuses any other name.
const TIMEOUT_NAMES = new Set([
  'client', 'client-fin', 'client-hs', 'connect', 'check', 'http-keep-alive', 'http-request', 'queue',
  'server', 'server-fin', 'tarpit', 'tunnel',
]);

// Bind keywords that take one value, skipped so that e.g. `name ssl` is not read as the ssl flag.
const BIND_VALUE_KEYWORDS = new Set([
  'accept-netscaler-cip', 'alpn', 'backlog', 'ca-file', 'ca-ignore-err', 'ca-sign-file', 'ca-sign-pass',
  'ca-verify-file', 'ciphers', 'ciphersuites', 'client-sigalgs', 'crl-file', 'crt', 'crt-ignore-err',
  'crt-list', 'curves', 'default-crt', 'ecdhe', 'expose-fd', 'gid', 'group', 'guid-prefix', 'id',
  'idle-ping', 'interface', 'label', 'level', 'maxconn', 'mode', 'mss', 'name', 'namespace', 'nbconn',
  'nice', 'npn', 'proto', 'quic-cc-algo', 'quic-socket', 'severity-output', 'shards', 'sigalgs',
  'ssl-max-ver', 'ssl-min-ver', 'tcp-md5sig', 'tcp-ut', 'thread', 'tls-ticket-keys', 'uid', 'user', 'verify',
]);

/** What a proxy inherits from a `defaults` section and may override. */
interface ProxySettings {
  balance: Balance;
  allBackups: boolean;
  /** The `option` choosing the health-check kind, and the path for HTTP checks. */
  check: { kind: string; path?: string; line: number } | null;
  /** The path of `http-check send ... uri`, which wins over the one of `option httpchk`. */
  httpSendPath: string | null;
  defaultServer: ServerParams;
  timeouts: Record<string, number>;
  defaultBackend: string | null;
  disabled: boolean;
}

function freshSettings(): ProxySettings {
  return {
    balance: { algorithm: 'roundrobin' },
    allBackups: false,
    check: null,
    httpSendPath: null,
    defaultServer: {},
    timeouts: {},
    defaultBackend: null,
    disabled: false,
  };
}

function copySettings(s: ProxySettings): ProxySettings {
  // Field by field rather than with spreads: every proxy section makes a copy.
  return {
    balance: { ...s.balance },
    allBackups: s.allBackups,
    check: s.check && { ...s.check },
    httpSendPath: s.httpSendPath,
    defaultServer: { ...s.defaultServer },
    timeouts: { ...s.timeouts },
    defaultBackend: s.defaultBackend,
    disabled: s.disabled,
  };
}

interface ProxySection {
  type: 'proxy';
  kind: ProxyKind;
  name: string;
  line: number;
  settings: ProxySettings;
  binds: Bind[];
  routes: Route[];
  members: Member[];
  /** The first member with health checks, which gives the pool its check interval, and that interval. */
  firstChecked: Member | null;
  firstCheckedInterMs: number | undefined;
  /** Line of each member name, to tell duplicates; built once the section has many servers. */
  memberLines: Map<string, number> | null;
  /** It has a stats page or http-request/redirect rules that answer requests without servers. */
  answersItself?: boolean;
}

interface DefaultsSection {
  type: 'defaults';
  name: string | null;
  settings: ProxySettings;
}

type Section = ProxySection | DefaultsSection | { type: 'other' };

function target(name: string): PoolTarget {
  return name.includes('%[') ? { pool: name, weight: 1, dynamic: true } : { pool: name, weight: 1 };
}

function describe(section: ProxySection | DefaultsSection): string {
  if (section.type === 'proxy') return `${section.kind} ${shown(section.name)}`;
  return section.name === null ? 'defaults' : `defaults ${shown(section.name)}`;
}

class HaproxyReader {
  readonly problems: ParseProblem[] = [];
  private suppressedProblems = 0;
  private line = 0;
  private section: Section | null = null;
  private lastDefaults: ProxySettings = freshSettings();
  private readonly defaultsByName = new Map<string, { settings: ProxySettings; lines: number[] }>();
  private readonly frontendNames = new Map<string, ProxySection>();
  private readonly backendNames = new Map<string, ProxySection>();
  /** Proxies in the order they are declared; duplicates of an earlier name are left out. */
  private readonly proxies: ProxySection[] = [];
  private readonly blocks = new ConditionalBlocks();
  private readonly tokenizer = new LineTokenizer();
  private readonly plainServer = new PlainServerLine();
  /**
   * Things HAProxy refuses while reading the file but lb-gate reads leniently, because they do not
   * change what the model says: addresses on the section line and malformed or forbidden ports.
   */
  private toleratedRefusals = 0;
  /**
   * HAProxy looks for duplicate server names only once the whole file has been read without
   * errors, so these are reported only in that case, as HAProxy would.
   */
  private readonly duplicateServers: ParseProblem[] = [];

  constructor(private readonly file: string) {}

  private loc(line = this.line): SourceLoc {
    return { file: this.file, line };
  }

  private full(): boolean {
    if (this.problems.length < MAX_PROBLEMS) return false;
    this.suppressedProblems++;
    return true;
  }

  problem(message: string, line = this.line, column?: number): void {
    if (this.full()) return;
    this.problems.push(column === undefined ? { message, line } : { message, line, column });
  }

  read(text: string): void {
    const plain = new PlainLines(text);
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (pos < text.length) {
      const newline = text.indexOf('\n', pos);
      const end = newline === -1 ? text.length : newline;
      const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      this.line++;
      try {
        if (!this.readLine(text, pos, lineEnd, plain)) break;
      } catch (err) {
        this.problem(`lb-gate could not read this line (${err instanceof Error ? err.message : String(err)})`);
      }
      pos = end + 1;
    }
    this.finish();
  }

  private finish(): void {
    for (const line of this.blocks.unclosed()) {
      this.problem("'.if' block is never closed with '.endif': HAProxy refuses the file", line);
    }
    if (this.toleratedRefusals === 0) {
      for (const p of this.duplicateServers) this.problem(p.message, p.line);
    }
    this.problems.sort((a, b) => a.line - b.line);
    if (this.suppressedProblems > 0) {
      this.problems.push({
        message: `${this.suppressedProblems} more problems not listed: fix the ones above first`,
        line: this.problems[this.problems.length - 1].line,
      });
    }
  }

  /** Reads one line without its line break; false when it holds binary data, where reading stops. */
  private readLine(text: string, start: number, end: number, plain: PlainLines): boolean {
    // Plain lines are read on fast paths, which also make sure that they hold no control character.
    if (plain.unquoted(start, end)) {
      if (this.readPlainServer(text, start, end)) return true;
      const words = plain.split(start, end);
      if (words !== null) {
        this.readWords(words);
        return true;
      }
    }
    if (hasBinaryChar(text, start, end)) {
      this.problem(
        'binary data (control characters such as NUL) where HAProxy expects text: the file is corrupt or ' +
          'not a configuration file; lb-gate stopped reading here',
      );
      return false;
    }
    const words = this.tokenizer.tokenize(text, start, end);
    const error = this.tokenizer.error;
    // HAProxy reports broken quoting even inside `.if 0` blocks.
    if (error !== null) this.problem(error.message, this.line, error.column);
    this.readWords(words);
    return true;
  }

  /** Reads a plain server line of the common shape in place, if it is one and servers are allowed here. */
  private readPlainServer(text: string, start: number, end: number): boolean {
    const section = this.section;
    if (section === null || section.type !== 'proxy' || section.kind === 'frontend' || !this.blocks.active()) return false;
    const server = this.plainServer;
    if (!server.read(text, start, end, section.settings.defaultServer)) return false;
    this.addMember(section, server.name, server, server.params);
    return true;
  }

  private readWords(words: string[]): void {
    if (words.length === 0) return;
    const keyword = words[0];

    if (keyword.charCodeAt(0) === 46 /* . */) {
      const outcome = this.blocks.apply(keyword, words.slice(1), this.line);
      if (outcome !== null) {
        if (outcome !== '') this.problem(`${outcome}: HAProxy refuses the file`);
      } else if (this.blocks.active()) {
        this.readDirective(keyword, words);
      }
      return;
    }
    if (!this.blocks.active()) return;

    const opens = SECTION_KEYWORDS.get(keyword);
    if (opens === 'defaults') {
      this.openDefaults(words);
    } else if (opens === 'other') {
      this.section = { type: 'other' };
    } else if (opens !== undefined) {
      this.openProxy(opens, words);
    } else if (this.section === null) {
      if (this.full()) return;
      this.problems.push({
        message:
          `${shown(keyword)} is outside any section: HAProxy expects every setting under a section such as ` +
          'global, defaults, frontend, backend or listen',
        line: this.line,
      });
    } else if (this.section.type !== 'other') {
      this.readProxyKeyword(this.section, words);
    }
  }

  private readDirective(directive: string, words: string[]): void {
    switch (directive) {
      case '.notice':
      case '.warning':
      case '.diag':
        return;
      case '.alert':
        // Only an alert that is certainly reached stops HAProxy; one under `.if feature(X)` may not be.
        if (this.blocks.certain()) this.problem(`".alert" makes HAProxy refuse to start: ${shown(words.slice(1).join(' '))}`);
        return;
      default:
        this.problem(`unknown directive ${shown(directive)}: HAProxy refuses the file`);
    }
  }

  /** The settings a new section starts from: the named defaults, or the last defaults section. */
  private inherit(fromName: string | undefined, heir: ProxySection | string): ProxySettings {
    if (fromName === undefined) return copySettings(this.lastDefaults);
    const what = typeof heir === 'string' ? heir : describe(heir);
    const found = this.defaultsByName.get(fromName);
    if (found === undefined) {
      this.problem(
        `${what} inherits from defaults ${shown(fromName)}, but no defaults section of that name comes before it: ` +
          'HAProxy refuses the file',
      );
      return freshSettings();
    }
    if (found.lines.length > 1) {
      this.problem(
        `${what} inherits from defaults ${shown(fromName)}, which is declared more than once ` +
          `(lines ${found.lines.join(', ')}): HAProxy refuses the ambiguous reference`,
      );
    }
    return copySettings(found.settings);
  }

  private openDefaults(words: string[]): void {
    // `defaults [NAME] [from OTHER]`
    const name = words[1] !== undefined && words[1] !== 'from' ? words[1] : null;
    const fromAt = name === null ? 1 : 2;
    let fromName: string | undefined;
    if (words[fromAt] === 'from') {
      fromName = words[fromAt + 1];
      if (fromName === undefined) this.problem('"defaults ... from" is missing the name of the defaults section to inherit');
    }
    // A defaults section starts from HAProxy's built-in values unless it names one to inherit.
    const what = name === null ? 'defaults section' : `defaults ${shown(name)}`;
    const settings = fromName === undefined ? freshSettings() : this.inherit(fromName, what);
    this.section = { type: 'defaults', name, settings };
    this.lastDefaults = settings;
    if (name !== null) {
      const known = this.defaultsByName.get(name);
      const lines = known ? [...known.lines, this.line] : [this.line];
      this.defaultsByName.set(name, { settings, lines });
    }
  }

  private openProxy(kind: ProxyKind, words: string[]): void {
    const name = words[1];
    const section: ProxySection = {
      type: 'proxy',
      kind,
      name: name ?? '',
      line: this.line,
      // Replaced below by a copy of what the section inherits.
      settings: this.lastDefaults,
      binds: [],
      routes: [],
      members: [],
      firstChecked: null,
      firstCheckedInterMs: undefined,
      memberLines: null,
    };
    // Even a section left out of the model takes its lines, so they are not read as another's.
    this.section = section;
    if (name === undefined) {
      this.problem(`"${kind}" has no name: HAProxy refuses a ${kind} section without one`);
      section.settings = copySettings(this.lastDefaults);
      return;
    }
    let fromName: string | undefined;
    if (words[2] === 'from') {
      fromName = words[3];
      if (fromName === undefined) this.problem(`${describe(section)}: "from" is missing the name of a defaults section`);
    } else if (words[2] !== undefined) {
      // `listen NAME ADDRESS[,ADDRESS]`: addresses on the section line, as HAProxy read them before
      // `bind` existed. Current HAProxy refuses this; lb-gate still reads the addresses.
      this.toleratedRefusals++;
      if (kind !== 'backend') this.addBinds(section, words[2], false);
    }
    section.settings = this.inherit(fromName, section);

    // HAProxy looks a new frontend or listen up among frontends, and a new backend among backends.
    const names = kind === 'backend' ? this.backendNames : this.frontendNames;
    const earlier = names.get(name);
    if (earlier !== undefined) {
      this.problem(
        `${describe(section)} has the same name as the ${earlier.kind} declared at line ${earlier.line}: ` +
          'HAProxy refuses duplicate proxy names, and traffic meant for one would be ambiguous',
      );
      return;
    }
    if (kind !== 'backend') this.frontendNames.set(name, section);
    if (kind !== 'frontend') this.backendNames.set(name, section);
    this.proxies.push(section);
  }

  private readProxyKeyword(section: ProxySection | DefaultsSection, words: string[]): void {
    const keyword = words[0];
    const settings = section.settings;
    const isProxy = section.type === 'proxy';
    const hasFrontend = isProxy && section.kind !== 'backend';

    switch (keyword) {
      case 'bind':
        if (words.length < 2) {
          this.problem(
            `${describe(section)}: "bind" has no address: HAProxy refuses it ` +
              '(e.g. "bind :80" or "bind 0.0.0.0:443 ssl crt site.pem")',
          );
        } else if (hasFrontend) {
          this.addBinds(section, words[1], bindHasTls(words));
        }
        return;
      case 'default_backend':
        if (words.length < 2) this.problem(`${describe(section)}: "default_backend" has no backend name: HAProxy refuses it`);
        else if (!isProxy || hasFrontend) settings.defaultBackend = words[1];
        return;
      case 'use_backend':
        this.readUseBackend(section, words);
        return;
      case 'balance': {
        const balance = parseBalance(words.slice(1));
        if (balance.ok) settings.balance = balance.value;
        else this.problem(`${describe(section)}: ${balance.reason}`);
        return;
      }
      case 'server':
      case 'server-template':
        if (isProxy && section.kind !== 'frontend') {
          if (keyword === 'server') this.readServer(section, words);
          else this.readServerTemplate(section, words);
        } else {
          this.problem(
            `${describe(section)}: "${keyword}" is not allowed here: HAProxy only accepts servers in backend and listen sections`,
          );
        }
        return;
      case 'default-server': {
        const parsed = parseServerParams(words, 1, settings.defaultServer);
        for (const message of parsed.problems) this.problem(`${describe(section)}: default-server ${message}`);
        settings.defaultServer = parsed.params;
        return;
      }
      case 'option':
        this.readOption(section, words.slice(1), true);
        return;
      case 'no':
        if (words[1] === 'option') this.readOption(section, words.slice(2), false);
        return;
      case 'http-check':
        if (words[1] === 'send') readHttpCheckSend(settings, words);
        return;
      case 'timeout':
        this.readTimeout(section, words);
        return;
      case 'stats':
      case 'redirect':
      case 'http-request':
      case 'tcp-request':
        if (isProxy && answersWithoutServers(words)) section.answersItself = true;
        return;
      case 'disabled':
        settings.disabled = true;
        return;
      case 'enabled':
        settings.disabled = false;
        return;
      default:
      // HAProxy has hundreds of keywords; the rest do not decide where traffic goes.
    }
  }

  private addBinds(section: ProxySection, list: string, tls: boolean): void {
    for (const raw of list.split(',')) {
      // HAProxy skips empty entries (`bind :80,`).
      if (raw === '') continue;
      const parsed = splitAddress(raw, 'bind');
      if (parsed.refusal !== undefined) this.toleratedRefusals++;
      const { address, port, portRange } = parsed.value;
      const quic = address.startsWith('quic4@') || address.startsWith('quic6@');
      section.binds.push({
        // A range stays one bind, written as HAProxy shows it, rather than hundreds of ports.
        address: portRange === undefined ? address : `${address}:${portRange}`,
        port,
        tls: tls || quic,
        loc: this.loc(),
      });
    }
  }

  private readUseBackend(section: ProxySection | DefaultsSection, words: string[]): void {
    const name = words[1];
    if (name === undefined) {
      this.problem(`${describe(section)}: "use_backend" has no backend name: HAProxy refuses it`);
      return;
    }
    let match = 'always';
    if (words.length > 2) {
      const word = words[2];
      if (word !== 'if' && word !== 'unless') {
        this.problem(
          `${describe(section)}: "use_backend ${name}" is followed by ${shown(word)}: ` +
            'HAProxy only accepts "if" or "unless" there',
        );
        return;
      }
      // `use_backend X if` with nothing after it is accepted by HAProxy and always matches.
      if (words.length > 3) match = words.slice(2).join(' ');
    }
    if (section.type === 'proxy' && section.kind !== 'backend') {
      section.routes.push({ match, targets: [target(name)], loc: this.loc() });
    }
  }

  private readOption(section: ProxySection | DefaultsSection, args: string[], enable: boolean): void {
    const name = args[0];
    if (name === undefined) return;
    const settings = section.settings;
    if (name === 'allbackups') {
      settings.allBackups = enable;
      return;
    }
    const kind = CHECK_OPTIONS.get(name);
    if (kind === undefined) return;
    if (!enable) {
      this.problem(
        `${describe(section)}: "no option ${name}" is not supported by HAProxy, which refuses the file; ` +
          'remove the option (or "check" on the servers) instead',
      );
      if (settings.check?.kind === kind) settings.check = null;
      return;
    }
    settings.check = { kind, line: this.line };
    // `option httpchk`, `option httpchk <uri>`, `option httpchk <method> <uri> [<version>]`.
    if (kind === 'http') settings.check.path = args.length === 1 ? '/' : args.length === 2 ? args[1] : args[2];
  }

  private readTimeout(section: ProxySection | DefaultsSection, words: string[]): void {
    const name = words[1];
    if (name === undefined) {
      this.problem(`${describe(section)}: "timeout" needs a name and a value (e.g. "timeout server 30s")`);
      return;
    }
    if (!TIMEOUT_NAMES.has(name)) {
      this.problem(
        `${describe(section)}: timeout ${shown(name)} is not a timeout HAProxy knows, so it refuses the file ` +
          `(${[...TIMEOUT_NAMES].join(', ')})`,
      );
      return;
    }
    const value = words[2];
    if (value === undefined) {
      this.problem(`${describe(section)}: "timeout ${name}" has no value: HAProxy refuses it`);
      return;
    }
    const time = parseHaproxyTime(value);
    if (time.ok) section.settings.timeouts[name] = time.ms;
    else this.problem(`${describe(section)}: "timeout ${name}" value ${time.reason}`);
  }

  private readServer(section: ProxySection, words: string[]): void {
    const name = words[1];
    if (name === undefined || words[2] === undefined) {
      this.problem(
        `${describe(section)}: ${name === undefined ? 'a server' : `server ${shown(name)}`} has no address: ` +
          'HAProxy refuses it ("server NAME ADDRESS[:PORT] [options]")',
      );
      return;
    }
    const params = this.serverParams(section, words, 3);
    this.addMember(section, name, this.serverEndpoint(words[2]), params);
  }

  private readServerTemplate(section: ProxySection, words: string[]): void {
    const [, prefix, range, address] = words;
    if (prefix === undefined || range === undefined || address === undefined) {
      this.problem(
        `${describe(section)}: "server-template" needs a prefix, a count or range and an address ` +
          '(e.g. "server-template web 1-5 app.internal:80")',
      );
      return;
    }
    const match = /^([0-9]{1,9})(?:-([0-9]{1,9}))?$/.exec(range);
    const low = match && match[2] !== undefined ? Number(match[1]) : 1;
    let high = match ? Number(match[2] ?? match[1]) : 0;
    if (!match || low < 1 || high < low) {
      this.problem(`${describe(section)}: server-template ${shown(prefix)} has an invalid count or range ${shown(range)}: HAProxy refuses it`);
      return;
    }
    if (high - low + 1 > MAX_TEMPLATE_SERVERS) {
      this.problem(
        `${describe(section)}: server-template ${shown(prefix)} asks for ${high - low + 1} servers; ` +
          `lb-gate models only the first ${MAX_TEMPLATE_SERVERS}`,
      );
      high = low + MAX_TEMPLATE_SERVERS - 1;
    }
    const params = this.serverParams(section, words, 4);
    const endpoint = this.serverEndpoint(address);
    for (let n = low; n <= high; n++) this.addMember(section, `${prefix}${n}`, endpoint, params);
  }

  private serverParams(section: ProxySection, words: string[], from: number): ServerParams {
    const parsed = parseServerParams(words, from, section.settings.defaultServer);
    for (const message of parsed.problems) this.problem(`${describe(section)}: server ${shown(words[1])}: ${message}`);
    return parsed.params;
  }

  private serverEndpoint(raw: string): { address: string; port: number | null } {
    const parsed = splitAddress(raw, 'server');
    if (parsed.refusal !== undefined) this.toleratedRefusals++;
    return parsed.value;
  }

  private addMember(
    section: ProxySection,
    name: string,
    endpoint: { address: string; port: number | null },
    params: ServerParams,
  ): void {
    let unique = name;
    const firstLine = this.memberLine(section, name);
    if (firstLine !== undefined) {
      this.duplicateServers.push({
        message:
          `${describe(section)}: server ${shown(name)} is declared twice (first at line ${firstLine}): ` +
          'HAProxy refuses duplicate server names, and the two cannot be told apart in reviews',
        line: this.line,
      });
      // The model needs unique member names; the copy is kept so that no server goes missing.
      for (let n = 2; this.memberLine(section, unique) !== undefined; n++) unique = `${name}#${n}`;
    }
    section.memberLines?.set(unique, this.line);
    const member: Member = {
      name: unique,
      address: endpoint.address,
      port: endpoint.port,
      weight: params.weight ?? 1,
      state: params.disabled ? 'disabled' : params.backup ? 'backup' : 'active',
      healthChecked: params.check === true,
      loc: this.loc(),
    };
    section.members.push(member);
    if (member.healthChecked && section.firstChecked === null) {
      section.firstChecked = member;
      section.firstCheckedInterMs = params.interMs;
    }
  }

  /** The line of the member of that name, if any. Small sections are searched; large ones indexed. */
  private memberLine(section: ProxySection, name: string): number | undefined {
    if (section.memberLines === null) {
      if (section.members.length < 16) {
        for (const m of section.members) if (m.name === name) return m.loc.line;
        return undefined;
      }
      section.memberLines = new Map(section.members.map((m) => [m.name, m.loc.line]));
    }
    return section.memberLines.get(name);
  }

  model(config: LbConfig): void {
    for (const proxy of this.proxies) {
      if (proxy.kind !== 'frontend') config.pools.push(this.pool(proxy));
      if (proxy.kind !== 'backend') config.listeners.push(this.listener(proxy));
    }
  }

  private listener(proxy: ProxySection): Listener {
    const defaultBackend = proxy.settings.defaultBackend;
    let defaultTargets: PoolTarget[] = [];
    // An explicit (or inherited) default_backend wins over a listen section's own servers.
    if (defaultBackend !== null) defaultTargets = [target(defaultBackend)];
    else if (proxy.kind === 'listen') defaultTargets = [target(proxy.name)];
    return { name: proxy.name, binds: proxy.binds, routes: proxy.routes, defaultTargets, loc: this.loc(proxy.line) };
  }

  private pool(proxy: ProxySection): Pool {
    const settings = proxy.settings;
    // A disabled proxy serves nothing, whatever its servers say.
    const members = settings.disabled
      ? proxy.members.map((m) => ({ ...m, state: 'disabled' as const }))
      : proxy.members;
    const firstChecked = proxy.firstChecked;
    const check = settings.check;
    const healthCheck: Pool['healthCheck'] = { enabled: firstChecked !== null };
    if (firstChecked !== null || check !== null) {
      // Servers with `check` and no check option get HAProxy's plain TCP connect check.
      const kind = check?.kind ?? 'tcp';
      healthCheck.kind = kind;
      if (kind === 'http') healthCheck.path = settings.httpSendPath ?? check?.path ?? '/';
    }
    if (firstChecked !== null) healthCheck.intervalMs = proxy.firstCheckedInterMs ?? DEFAULT_CHECK_INTERVAL_MS;
    if (check !== null) healthCheck.loc = this.loc(check.line);
    else if (firstChecked !== null) healthCheck.loc = firstChecked.loc;

    const balance = settings.balance;
    const pool: Pool = { name: proxy.name, algorithm: balance.algorithm, healthCheck, timeouts: settings.timeouts, members, loc: this.loc(proxy.line) };
    if (balance.hashKey !== undefined) pool.hashKey = balance.hashKey;
    if (balance.hashKeyConstant !== undefined) pool.hashKeyConstant = balance.hashKeyConstant;
    pool.allBackups = settings.allBackups;
    if (proxy.answersItself) pool.answersItself = true;
    return pool;
  }
}

const SELF_ANSWERING_ACTIONS = new Set(['return', 'redirect', 'deny', 'tarpit', 'reject', 'use-service']);

/** `stats enable|uri …`, `redirect …`, `http-request return|redirect|deny|… `, `tcp-request content use-service …`. */
function answersWithoutServers(words: string[]): boolean {
  switch (words[0]) {
    case 'stats':
      return words[1] === 'enable' || words[1] === 'uri';
    case 'redirect':
      return true;
    case 'http-request':
      return SELF_ANSWERING_ACTIONS.has(words[1]);
    case 'tcp-request':
      return words[1] === 'content' && words[2] === 'use-service';
    default:
      return false;
  }
}

/** Whether `text[start, end)` holds a control character never found in a text config. */
function hasBinaryChar(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Tab, line breaks, vertical tab and form feed (9 to 13) are text.
    if (c < 32 && (c < 9 || c > 13)) return true;
  }
  return false;
}

function bindHasTls(words: string[]): boolean {
  for (let i = 2; i < words.length; i++) {
    if (words[i] === 'ssl') return true;
    if (BIND_VALUE_KEYWORDS.has(words[i])) i++;
  }
  return false;
}

function readHttpCheckSend(settings: ProxySettings, words: string[]): void {
  for (let i = 2; i < words.length; i++) {
    const word = words[i];
    if ((word === 'uri' || word === 'uri-lf') && words[i + 1] !== undefined) {
      settings.httpSendPath = words[i + 1];
      i++;
    } else if (word === 'hdr') {
      i += 2;
    } else if (word === 'meth' || word === 'ver' || word === 'body' || word === 'body-lf' || word === 'comment') {
      i++;
    }
  }
}

/** Parses HAProxy configuration text. Never throws: anything unreadable becomes a problem. */
export function parseHaproxy(text: string, options: ParseOptions): ParseResult {
  const model = emptyConfig('haproxy', options.file);
  const reader = new HaproxyReader(options.file);
  try {
    reader.read(text);
    reader.model(model);
  } catch (err) {
    reader.problem(`lb-gate could not read this file (${err instanceof Error ? err.message : String(err)})`, 1);
  }
  return { format: 'haproxy', model, problems: reader.problems };
}

export const haproxyParser: FormatParser = {
  id: 'haproxy',
  parse: parseHaproxy,
};
