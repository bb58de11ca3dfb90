import { Router, type Request, type Response, type NextFunction } from "express";
import { authenticate } from "../services/auth";
import { rateLimit } from "../middleware/rate-limit";

const router = Router();

const DEFAULT_LANDING = "/home";
const APP_ORIGIN = new URL(process.env.APP_BASE_URL ?? "https://portal.example.com").origin;

function resolveContinueTarget(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) {
    return DEFAULT_LANDING;
  }
  let parsed: URL;
  try {
    parsed = new URL(raw, APP_ORIGIN);
  } catch {
    return DEFAULT_LANDING;
  }
  // only locations on our own origin are accepted; the absolute form is returned
  if (parsed.origin !== APP_ORIGIN) {
    return DEFAULT_LANDING;
  }
  return parsed.href;
}

router.get("/login", (req: Request, res: Response) => {
  const next = resolveContinueTarget(req.query.continue);
  res.render("login", { next, error: null });
});

router.post(
  "/login",
  rateLimit({ windowMs: 60_000, max: 10 }),
  async (req: Request, res: Response, nextFn: NextFunction) => {
    try {
      const { username, password } = req.body as { username?: string; password?: string };
      const target = resolveContinueTarget(req.body.continue ?? req.query.continue);

      if (!username || !password) {
        return res.status(400).render("login", { next: target, error: "Missing credentials" });
      }

      const account = await authenticate(username, password);
      if (!account) {
        return res.status(401).render("login", { next: target, error: "Invalid username or password" });
      }

      req.session.regenerate((err) => {
        if (err) return nextFn(err);
        req.session.accountId = account.id;
        res.redirect(303, target);
      });
    } catch (err) {
      nextFn(err);
    }
  },
);

router.post("/logout", (req: Request, res: Response, nextFn: NextFunction) => {
  req.session.destroy((err) => {
    if (err) return nextFn(err);
    res.redirect(303, "/login");
  });
});

export default router;
