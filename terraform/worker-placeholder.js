// Placeholder body for the Worker script that terraform creates so routes and secrets can attach.
// The first `wrangler deploy` (CI) replaces it with the real edge/ bundle.
export default {
  fetch() {
    return new Response("SEEYOO edge is not deployed yet", { status: 503 });
  },
};
