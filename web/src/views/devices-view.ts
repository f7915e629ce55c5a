/** The viewer's signed-in devices, this one first, each other one with a "Sign out" button. */
import { h } from "../app/dom.ts";
import type { Device } from "../auth/devices.ts";

export interface DevicesActions {
  signOut(device: Device): void;
  signOutOthers(): void;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function row(device: Device, actions: DevicesActions): HTMLElement {
  return h(
    "li",
    {
      class: `device${device.current ? " current" : ""}`,
      "data-testid": "device",
      "data-device-id": device.id,
      "data-current": String(device.current),
    },
    h(
      "div",
      { class: "device-text" },
      h("strong", { class: "device-name" }, device.name),
      h(
        "span",
        { class: "muted" },
        device.current
          ? "This device"
          : `Last used ${when.format(new Date(device.lastUsedAt))} · signed in ${when.format(new Date(device.createdAt))}`,
      ),
    ),
    !device.current &&
      h(
        "button",
        {
          class: "secondary",
          "data-testid": "device-sign-out",
          "aria-label": `Sign out ${device.name}`,
          onclick: () => actions.signOut(device),
        },
        "Sign out",
      ),
  );
}

export function devicesView(devices: Device[], actions: DevicesActions): HTMLElement {
  const ordered = [...devices.filter((d) => d.current), ...devices.filter((d) => !d.current)];
  const others = ordered.length - 1;
  return h(
    "section",
    { class: "devices card", "data-testid": "devices" },
    h("h1", {}, "Signed-in devices"),
    h(
      "ul",
      { class: "device-list" },
      ordered.map((device) => row(device, actions)),
    ),
    others > 0 &&
      h(
        "button",
        { class: "link", "data-testid": "sign-out-others", onclick: () => actions.signOutOthers() },
        others === 1 ? "Sign out the other device" : `Sign out all ${others} other devices`,
      ),
  );
}
