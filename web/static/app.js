// Progressive enhancement only: every page works without this script.
"use strict";

// Job page: poll the status endpoint while the review runs, then reload to show the results.
function watchJob(section) {
  const status = document.getElementById("job-status");
  const poll = async () => {
    const response = await fetch("/api/jobs/" + encodeURIComponent(section.dataset.job), { credentials: "same-origin" });
    if (!response.ok) return;
    const job = await response.json();
    status.textContent = job.status_zh;
    const stage = document.getElementById("job-stage");
    if (stage) stage.textContent = job.status === "running" ? job.stage : (job.position ? "前面还有 " + job.position + " 个任务" : "");
    const bar = document.getElementById("job-progress");
    if (bar) { bar.value = job.percent; document.getElementById("job-percent").textContent = job.percent + "%"; }
    if (job.status === "done" || job.status === "failed" || (job.status === "running" && !bar)) window.location.reload();
    else setTimeout(poll, 1500);
  };
  setTimeout(poll, 1000);
}

// Review page: clicking a highlighted clause shows its finding, and the other way round.
function linkFindings() {
  const activate = (ids) => {
    document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
    ids.forEach((id) => {
      const card = document.getElementById("finding-" + id);
      if (card) card.classList.add("active");
      document.querySelectorAll("mark.hl").forEach((mark) => {
        if (mark.dataset.findings.split(" ").includes(id)) mark.classList.add("active");
      });
    });
  };
  document.querySelectorAll("mark.hl").forEach((mark) => {
    mark.addEventListener("click", () => {
      const ids = mark.dataset.findings.split(" ");
      activate(ids);
      const card = document.getElementById("finding-" + ids[0]);
      if (card) card.scrollIntoView({ behavior: "smooth", block: "nearest" });
    });
  });
  document.querySelectorAll(".finding").forEach((card) => {
    card.addEventListener("click", (event) => {
      if (event.target.closest("input, label, a, textarea")) return;
      activate([card.dataset.finding]);
      const mark = document.getElementById("at-" + card.dataset.finding);
      if (mark) mark.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (job && (job.dataset.status === "queued" || job.dataset.status === "running")) watchJob(job);
  if (document.getElementById("doc-text")) linkFindings();
});
