import {existsSync} from 'node:fs'

/**
 * A few lines of Perl between codex-mcp and each Codex, on Linux: it holds the agent's processes together
 * where Node cannot (Node has no prctl).
 * - PR_SET_CHILD_SUBREAPER: a process the agent starts that leaves its session (setsid), clears its
 *   environment and double-forks is re-parented to the supervisor, not to pid 1, so it stays in the tree
 *   that a cancel walks.
 * - PR_SET_PDEATHSIG: when codex-mcp dies, even by SIGKILL, the supervisor gets SIGTERM and takes the whole
 *   tree down itself. Codex gets it too, from the supervisor: when the supervisor dies on its own (the OOM
 *   killer), Codex gets SIGTERM at once and ends its commands; codex-mcp sees the supervisor gone and kills
 *   what is left of the agent (run-agent.ts), so the call fails then, not at the end of Codex's turn.
 * - On SIGTERM it signals every descendant TERM, waits up to a second, then KILLs what is left; it exits as
 *   Codex did. Both prctl calls work unprivileged. Without Perl (or off Linux) Codex runs directly, and
 *   containment is the /proc sampling of process-tree.ts alone.
 */
const SCRIPT = String.raw`
my ($nr, $parent) = (shift @ARGV, shift @ARGV);
syscall($nr, 36, 1, 0, 0, 0);
syscall($nr, 1, 15, 0, 0, 0);
exit 143 if getppid() != $parent;
my ($pid, $status);
sub descendants {
  my %kids;
  opendir(my $d, '/proc') or return ();
  for my $p (grep { /^\d+$/ } readdir $d) {
    open(my $f, '<', "/proc/$p/stat") or next;
    my $s = <$f>;
    close $f;
    next unless defined $s && $s =~ /^\d+ \(.*\) (\S) (\d+)/s;
    push @{$kids{$2}}, $p unless $1 eq 'Z';
  }
  my @out; my @stack = ($$);
  while (@stack) { for my $c (@{$kids{pop @stack} || []}) { push @out, $c; push @stack, $c; } }
  return @out;
}
sub reap { while ((my $w = waitpid(-1, 1)) > 0) { $status = $? if $w == $pid; } }
sub finish {
  reap();
  $status = 143 << 8 unless defined $status;
  if ($status & 127) { $SIG{$_} = 'DEFAULT' for qw(TERM INT HUP); kill $status & 127, $$; select(undef, undef, undef, 0.1); exit 128 + ($status & 127); }
  exit($status >> 8);
}
sub take_down {
  exit 143 unless $pid; # before the fork, or in the child before its exec
  $SIG{$_} = 'IGNORE' for qw(TERM INT HUP);
  # Everyone at once (Codex is a descendant too): Codex, once signalled, kills its commands' processes itself.
  kill 'TERM', descendants();
  for (1 .. 20) { reap(); last unless descendants(); select(undef, undef, undef, 0.05); }
  for (1 .. 3) { my @left = descendants(); last unless @left; kill 'KILL', @left; select(undef, undef, undef, 0.05); reap(); }
  finish();
}
$SIG{TERM} = $SIG{INT} = $SIG{HUP} = \&take_down;
my $me = $$;
$pid = fork();
exit 127 unless defined $pid;
if ($pid == 0) { syscall($nr, 1, 15, 0, 0, 0); exit 143 if getppid() != $me; exec { $ARGV[0] } @ARGV; exit 127; }
# Blocks until a child ends (Perl retries it after running a signal handler): no polling, no lost wake-up.
while (1) { my $w = waitpid(-1, 0); last if $w == -1; if ($w == $pid) { $status = $?; last; } }
finish();
`

/** prctl's syscall number by Node's `process.arch` (the generic table for the newer ports). */
const PRCTL: Partial<Record<NodeJS.Architecture, number>> = {x64: 157, arm64: 167, riscv64: 167, loong64: 167, ia32: 172, arm: 172, s390x: 172, ppc64: 171, ppc: 171, mips: 4192, mipsel: 4192}

const perl = process.platform === 'linux' ? ['/usr/bin/perl', '/bin/perl', '/usr/local/bin/perl'].find((file) => existsSync(file)) : undefined

/** How agents are held together here: "supervisor" (subreaper + parent-death signal) or "process-tree" only. */
export function containment(env: Record<string, string | undefined> = process.env): 'supervisor' | 'process-tree' {
  return perl && PRCTL[process.arch] !== undefined && env.CODEX_MCP_SUPERVISOR !== '0' ? 'supervisor' : 'process-tree'
}

/** The command that runs `file args` under the supervisor, or the command itself when there is none. */
export function supervised(file: string, args: string[], env: Record<string, string | undefined>): {file: string; args: string[]} {
  if (containment(env) !== 'supervisor') return {file, args}
  return {file: perl!, args: ['-e', SCRIPT, String(PRCTL[process.arch]), String(process.pid), file, ...args]}
}
