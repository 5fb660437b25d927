#!/usr/bin/env bash
# Installs tempmed as a systemd service: binaries, unit, example configuration, vocabulary, user.
# Safe to run again: binaries, unit and shared files are replaced, an existing /etc/tempmed/tempmed.toml
# is kept, and the user is created only if missing.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/install.sh [options]

  --prefix DIR      install binaries to DIR/bin (default /usr/local)
  --share-dir DIR   vocabulary, models and the example config (default /usr/share/tempmed)
  --destdir DIR     stage everything below DIR (packaging, tests); skips the user and systemctl
  --binaries DIR    take tempmed and tempmectl from DIR instead of building them
  --model-dir DIR   also copy converted weights from DIR to <share-dir>/models/<name>
  --dry-run         print what would be done, change nothing
  -h, --help        this text
USAGE
}

prefix=/usr/local
share_dir=/usr/share/tempmed
destdir=""
binaries=""
model_dir=""
dry_run=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
        --share-dir) share_dir="${2:?--share-dir needs a directory}"; shift 2 ;;
        --destdir) destdir="${2:?--destdir needs a directory}"; shift 2 ;;
        --binaries) binaries="${2:?--binaries needs a directory}"; shift 2 ;;
        --model-dir) model_dir="${2:?--model-dir needs a directory}"; shift 2 ;;
        --dry-run) dry_run=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$prefix/bin"
config_dir=/etc/tempmed
unit_dir=/etc/systemd/system
doc_dir=/usr/share/doc/tempmed
vocab_name=bpe_simple_vocab_16e6.txt

# Runs a command, or only prints it with --dry-run.
run() {
    if [ "$dry_run" = 1 ]; then
        printf '+ %s\n' "$*"
    else
        "$@"
    fi
}

note() { printf '==> %s\n' "$*"; }

if [ -z "$destdir" ] && [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: installing into the system needs root; rerun with sudo, or use --destdir or --dry-run" >&2
    exit 1
fi
if [ -n "$model_dir" ] && [ ! -d "$model_dir" ]; then
    echo "install.sh: --model-dir $model_dir is not a directory" >&2
    exit 1
fi

# 1. Binaries.
if [ -z "$binaries" ]; then
    note "building release binaries (swift build -c release)"
    run swift build -c release --package-path "$repo" --product tempmed
    run swift build -c release --package-path "$repo" --product tempmectl
    if [ "$dry_run" = 1 ]; then
        binaries="$repo/.build/release"
    else
        binaries="$(swift build -c release --package-path "$repo" --show-bin-path)"
    fi
fi
for tool in tempmed tempmectl; do
    if [ "$dry_run" = 0 ] && [ ! -x "$binaries/$tool" ]; then
        echo "install.sh: $binaries/$tool is missing; build it first or drop --binaries" >&2
        exit 1
    fi
done
note "installing binaries to $destdir$bin_dir"
run install -d -m 0755 "$destdir$bin_dir"
run install -m 0755 "$binaries/tempmed" "$binaries/tempmectl" "$destdir$bin_dir/"

# 2. The service user (a fixed system user, see Systemd/tempmed.service for why not DynamicUser).
if [ -z "$destdir" ]; then
    if getent passwd tempmed >/dev/null; then
        note "user tempmed exists"
    else
        note "creating system user tempmed"
        run useradd --system --user-group --home-dir /var/lib/tempmed --no-create-home \
            --shell /usr/sbin/nologin --comment "tempmed search daemon" tempmed
    fi
fi

# 3. The unit, pointing at the installed binary.
note "installing $destdir$unit_dir/tempmed.service"
run install -d -m 0755 "$destdir$unit_dir"
if [ "$dry_run" = 1 ]; then
    printf '+ sed ExecStart=%s/tempmed ... > %s\n' "$bin_dir" "$destdir$unit_dir/tempmed.service"
else
    sed "s|^ExecStart=/usr/local/bin/tempmed |ExecStart=$bin_dir/tempmed |" "$repo/Systemd/tempmed.service" \
        > "$destdir$unit_dir/tempmed.service.tmp"
    chmod 0644 "$destdir$unit_dir/tempmed.service.tmp"
    mv "$destdir$unit_dir/tempmed.service.tmp" "$destdir$unit_dir/tempmed.service"
fi

# 4. Configuration: never overwrite the operator's file.
run install -d -m 0755 "$destdir$config_dir"
if [ -e "$destdir$config_dir/tempmed.toml" ]; then
    note "keeping existing $destdir$config_dir/tempmed.toml (the new example is $share_dir/tempmed.toml.example)"
else
    note "installing example configuration to $destdir$config_dir/tempmed.toml"
    run install -m 0644 "$repo/Systemd/tempmed.toml" "$destdir$config_dir/tempmed.toml"
fi

# 5. Shared files: example config, vocabulary, optional weights, documentation.
run install -d -m 0755 "$destdir$share_dir" "$destdir$doc_dir"
run install -m 0644 "$repo/Systemd/tempmed.toml" "$destdir$share_dir/tempmed.toml.example"
run install -m 0644 "$repo/docs/configuration.md" "$destdir$doc_dir/configuration.md"
if [ -f "$repo/vocab/$vocab_name" ]; then
    note "installing the CLIP vocabulary to $destdir$share_dir/$vocab_name"
    run install -m 0644 "$repo/vocab/$vocab_name" "$destdir$share_dir/$vocab_name"
else
    note "warning: $repo/vocab/$vocab_name not found; fetch it, then rerun (or set model.vocab_file)"
fi
if [ -d "$repo/training/demo_model" ]; then
    # The daemon's default model when model.dir is unset (tempmed finds it at /usr/share/tempmed/demo_model).
    note "installing the demo model to $destdir$share_dir/demo_model"
    run install -d -m 0755 "$destdir$share_dir/demo_model"
    run install -m 0644 "$repo"/training/demo_model/*.safetensors "$repo"/training/demo_model/*.json \
        "$repo"/training/demo_model/README.md "$destdir$share_dir/demo_model/"
fi
if [ -n "$model_dir" ]; then
    model_target="$share_dir/models/$(basename "$model_dir")"
    note "copying weights from $model_dir to $destdir$model_target"
    run install -d -m 0755 "$destdir$model_target"
    run cp -R "$model_dir/." "$destdir$model_target/"
fi

# 6. Tell systemd, when there is one.
if [ -z "$destdir" ] && [ -d /run/systemd/system ]; then
    run systemctl daemon-reload
fi

if [ "$dry_run" = 1 ]; then
    echo; echo "(dry run: nothing was changed)"
fi
cat <<NEXT

tempmed is installed. Next steps:
  1. Review $config_dir/tempmed.toml (keys: $doc_dir/configuration.md).
NEXT
if [ -n "$model_dir" ]; then
    echo "     Set [model] dir = \"$model_target\" to use the copied weights."
else
    echo "     Without [model] dir the daemon serves the demo model ($share_dir/demo_model), which knows"
    echo "     only the synthetic benchmark's coloured shapes: convert real weights for real videos."
fi
cat <<NEXT
  2. Start it:            systemctl enable --now tempmed
  3. Check it:            systemctl status tempmed; journalctl -u tempmed -f
  4. Use it:              $bin_dir/tempmectl (add yourself to group tempmed for /run/tempmed/tempmed.sock)
  5. Remote clients need TLS and a token: see [security] in the configuration.
NEXT
