// The status page of an upload or of a report (any element with data-progress-url), while
// its job runs: asks for the job's state every 2 seconds and
// updates the stage and the progress bar in place (no page reload: WCAG 2.2.1). When the job
// stops running, the page's content is replaced by the server's new version of it and the
// new state is announced (aria-live). Without JavaScript the page has a Refresh link.
const job = document.querySelector("[data-progress-url]");
const announce = document.getElementById("job-announce");
const url = job && job.dataset.progressUrl;
const every = 2000;

async function poll() {
  let state;
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, every * 2);
    state = await response.json();
  } catch {
    return setTimeout(poll, every * 2);
  }
  if (state.running) {
    const stage = document.getElementById("job-stage");
    const bar = document.getElementById("progress");
    const percent = document.getElementById("job-percent");
    if (stage) {
      stage.textContent = state.waiting ? "Waiting for the background worker to start it" : state.stage;
    }
    if (bar) bar.value = state.progress;
    if (percent) percent.textContent = state.progress;
    return setTimeout(poll, every);
  }
  const page = await fetch(window.location.href, { headers: { Accept: "text/html" } });
  const html = new DOMParser().parseFromString(await page.text(), "text/html");
  const fresh = html.getElementById(job.id);
  if (fresh) {
    job.replaceWith(fresh);
    document.title = html.title;
    announce.textContent = state.label;
    const heading = fresh.querySelector("h1");
    if (heading) heading.focus();
  } else {
    window.location.reload();
  }
}

if (url) setTimeout(poll, every);
