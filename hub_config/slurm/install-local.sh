#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, for CI and the Slurm tests (tests/test_slurm.py):
# Debian's slurm-wlm and munge, a slurm.conf naming this host (its CPUs and memory as slurmd
# measures them), partitions `gpu` (default) and `cpu`, one GPU gres on a stand-in device file so
# that `--gres=gpu:1` is schedulable, no accounting (so any `--account=X` is accepted), then
# munged, slurmctld and slurmd started as daemons; returns once `sinfo` shows the node up.
#
# Idempotent: a second run with the same configuration leaves the running cluster alone; a changed
# configuration restarts the daemons this script started. Needs root and apt-get (Debian/Ubuntu).
# Daemons log to /var/log/slurm/ and /var/log/munge/.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "install-local.sh: run as root (it installs packages and starts the Slurm daemons)" >&2
    exit 1
fi
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 \
        || ! command -v munged >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install-local.sh: no apt-get here; install slurm-wlm and munge by hand" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q slurm-wlm munge >/dev/null; }
fi

HOST=$(hostname -s)
CONF_DIR=/etc/slurm
mkdir -p "$CONF_DIR" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge \
    /var/log/munge /var/lib/munge

# ---- munge: one key, the daemon running as the munge user ---------------------------------------
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 0700 /etc/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do
        munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
        sleep 0.1
    done
    munge -n | unmunge >/dev/null || { echo "install-local.sh: munged did not start" >&2; exit 1; }
fi

# ---- the stand-in GPU: a character device like /dev/null, so Slurm can count and hand it out -----
GPU_DEV=/dev/slurm-standin-gpu0
if [ ! -e "$GPU_DEV" ]; then
    mknod -m 0666 "$GPU_DEV" c 1 3 2>/dev/null || GPU_DEV=/dev/null
fi

# ---- configuration: this host as slurmd measures it ----------------------------------------------
NODE=$(slurmd -C | head -n 1)  # "NodeName=host CPUs=.. Boards=.. ... RealMemory=MB"
MEM=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$NODE")
MEM=$((MEM > 2048 ? MEM - 1024 : MEM))  # leave the operating system some memory
NODE=$(sed "s/RealMemory=[0-9]*/RealMemory=$MEM/" <<<"$NODE")
new_conf=$(mktemp)
cat >"$new_conf" <<EOF
# Written by hub_config/slurm/install-local.sh: a single-node cluster for CI and the tests.
ClusterName=autograder
SlurmctldHost=$HOST
AuthType=auth/munge
CryptoType=crypto/munge
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
GresTypes=gpu
ReturnToService=2
# no accounting: --account=X is accepted as a label; finished jobs stay in scontrol for 10 minutes
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
$NODE Gres=gpu:1 State=UNKNOWN
PartitionName=gpu Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
PartitionName=cpu Nodes=$HOST MaxTime=INFINITE State=UP
EOF
new_gres=$(mktemp)
echo "NodeName=$HOST Name=gpu File=$GPU_DEV" >"$new_gres"

changed=0
for pair in "$new_conf:$CONF_DIR/slurm.conf" "$new_gres:$CONF_DIR/gres.conf"; do
    if ! cmp -s "${pair%%:*}" "${pair#*:}"; then
        install -m 0644 "${pair%%:*}" "${pair#*:}"
        changed=1
    fi
    rm -f "${pair%%:*}"
done

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
stop() {  # only the daemon whose pid file this script's configuration names
    if running "$1"; then
        local pid
        pid=$(cat "$1")
        kill "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
}
if [ "$changed" = 1 ]; then
    stop /run/slurmd.pid
    stop /run/slurmctld.pid
fi
running /run/slurmctld.pid || slurmctld
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
running /run/slurmd.pid || slurmd

# ---- wait for the node: idle, or busy with jobs from an earlier run ------------------------------
state=""
for _ in $(seq 120); do
    state=$(sinfo -h -n "$HOST" -o %T 2>/dev/null | head -n 1)
    case "$state" in
        idle | mixed | allocated) break ;;
        drain* | down*) scontrol update NodeName="$HOST" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 0.5
done
case "$state" in
    idle | mixed | allocated) echo "Slurm: node $HOST is $state (partitions gpu, cpu; 1 stand-in GPU)" ;;
    *)
        echo "install-local.sh: node $HOST did not come up (state '$state'); see" \
            "/var/log/slurm/slurmctld.log and /var/log/slurm/slurmd.log" >&2
        exit 1
        ;;
esac
