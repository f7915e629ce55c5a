/** Sign in / create an account: one form, two modes. */
import type { Failure } from "../api/api-outcome.ts";
import { failureMessage } from "../api/failure-message.ts";
import { h } from "../app/dom.ts";
import type { AuthOutcome } from "../auth/session.ts";

export interface AuthActions {
  signIn(email: string, password: string): Promise<AuthOutcome>;
  signUp(name: string, email: string, password: string): Promise<AuthOutcome>;
  /** Called after a successful sign-in or sign-up. */
  done(): void;
}

export function authView(actions: AuthActions, notice?: { code: string; text: string }): HTMLElement {
  let mode: "signin" | "signup" = "signin";
  const message = h("p", { class: "message", role: "alert", "data-testid": "auth-message" });
  const show = (m?: { code: string; text: string }) => {
    message.textContent = m?.text ?? "";
    message.dataset.code = m?.code ?? "";
  };
  show(notice);

  const name = h("input", { name: "name", autocomplete: "name", placeholder: "Your name", maxlength: 100 });
  const nameRow = h("label", { class: "field", hidden: true }, "Name", name);
  const email = h("input", {
    name: "email",
    type: "email",
    autocomplete: "email",
    required: true,
    placeholder: "you@example.com",
  });
  const password = h("input", {
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
    minlength: 1,
  });
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "auth-submit" }, "Sign in");
  const toggle = h(
    "button",
    { type: "button", class: "link", "data-testid": "auth-toggle" },
    "New here? Create an account",
  );

  const render = () => {
    const signingUp = mode === "signup";
    nameRow.hidden = !signingUp;
    name.required = signingUp;
    password.autocomplete = signingUp ? "new-password" : "current-password";
    password.minLength = signingUp ? 8 : 1;
    submit.textContent = signingUp ? "Create account" : "Sign in";
    toggle.textContent = signingUp ? "Have an account? Sign in" : "New here? Create an account";
  };
  toggle.addEventListener("click", () => {
    mode = mode === "signin" ? "signup" : "signin";
    show();
    render();
  });

  const form = h(
    "form",
    { class: "auth card", "data-testid": "auth-form" },
    h("h1", {}, "Watch live TV"),
    nameRow,
    h("label", { class: "field" }, "Email", email),
    h("label", { class: "field" }, "Password", password),
    message,
    submit,
    toggle,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    show();
    const outcome =
      mode === "signin"
        ? await actions.signIn(email.value, password.value)
        : await actions.signUp(name.value, email.value, password.value);
    submit.disabled = false;
    if (outcome.ok) actions.done();
    else show(failureMessage(outcome.failure as Failure));
  });
  render();
  return form;
}
