/** Entry point: the app shell, and the service worker that makes it installable and offline-capable. */
import { App } from "./app/app.ts";
import "./styles.css";

const root = document.getElementById("app");
if (root) void new App(root).start();

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => {
      // Without a service worker the player still works; it just is not installable offline.
    });
  });
}
