"""The retrain dialog's words that depend on the run's data: where it trains, and what it learns from."""

from __future__ import annotations


def devices_note(devices: list) -> str:
    gpus = [device for device in devices if device.kind == "GPU"]
    cpu = next((device for device in devices if device.kind == "CPU"), None)
    if not gpus:
        cpu_name = cpu.name if cpu else "CPU"  # "CPU (2 cores)": it says CPU already
        return f"No GPU was found on this computer, so training runs on the {cpu_name}."
    names = ", ".join(device.name for device in gpus)
    return f"GPU found: {names}. Training runs there unless you choose otherwise."


def plan_html(plan, config) -> str:
    """What the run will learn from, and what it does about runes with too few drawings."""
    training = sum(len(drawings) for drawings in plan.training.values())
    held = sum(len(drawings) for drawings in plan.held_back.values())
    total = training + held
    if total == 0:
        parts = ["<b>You have no drawings yet.</b> Training would use generated drawings only, which teaches the "
                 "network nothing about your hand: collect some first (Drawings ▸ Collect drawings, F3)."]
    else:
        parts = [f"{total:,} of your drawings: the network learns from <b>{training:,}</b> (each seen in many slight "
                 f"variations), and <b>{held:,}</b> are held back to compare the active and the new model "
                 f"afterwards. Generated drawings make up {config.generated_share:.0%} of each batch."]
    if plan.shortfalls and total:
        runes = ", ".join(f"{s.rune} ({s.have})" for s in plan.shortfalls)
        instead = ("generated drawings fill in for the missing ones, so training still works; more of your own "
                   "drawings of these runes will teach the network your hand better")
        parts.append(f"<span style='color:#9a5b00'><b>These runes need more drawings</b> (at least "
                     f"{config.enough_per_rune} each): {runes}. What happens instead: {instead}.</span>")
    if plan.unusable:
        shown = "; ".join(plan.unusable[:5]) + (f"; and {len(plan.unusable) - 5} more" if len(plan.unusable) > 5
                                                 else "")
        parts.append(f"<span style='color:#7a1f16'>Left out: {shown}.</span>")
    return "<br><br>".join(parts)
