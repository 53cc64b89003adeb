"""The benchmark's figures as the README quotes them: one table of pages, then memory, the large
heatmap's draw time, the sustained writes and the burst."""
from ..demo.scale import SCALES


def heatmap_names(scale: str) -> tuple[str, str, str]:
    """The three heatmaps' names, learners x competencies: small section on the small framework,
    small section on the big framework, big section on the big framework."""
    spec = SCALES[scale]
    return (f"heatmap {spec.small_section} x {spec.small_framework_competencies}",
            f"heatmap {spec.small_section} x {spec.competencies}",
            f"heatmap {spec.big_section} x {spec.competencies}")


def print_table(results: dict) -> None:
    print()
    print(f"Benchmark on {results['db']} ({results['scale']}: {results['data']}) — {results['machine']}")
    print(f"{'page':<28}{'SQL/req':>9}{'p50 ms':>10}{'p95 ms':>10}{'x healthz':>11}{'kB':>9}  codes")
    for page in results["pages"]:
        statements = f"{page['statements']}{'' if page['statements_constant'] else '~'}"
        print(f"{page['name']:<28}{statements:>9}{page['p50_ms']:>10}{page['p95_ms']:>10}"
              f"{page['ratio_to_healthz']:>11}{page.get('kilobytes') or '':>9}  {page['status_codes']}")
    by_name = {p["name"]: p for p in results["pages"]}
    small_name, _middle, large_name = heatmap_names(results["scale"])
    small, large = by_name.get(small_name), by_name.get(large_name)
    if small and large and small["p50_ms"]:
        spec = SCALES[results["scale"]]
        grew = spec.big_section * spec.competencies / (spec.small_section * spec.small_framework_competencies)
        print(f"heatmap growth: p50({large_name[8:]}) / p50({small_name[8:]}) = "
              f"{large['p50_ms'] / small['p50_ms']:.1f} (cells grew {grew:.1f}x; target: below that)")
    drawn = results.get("heatmap_drawn")
    if drawn and "drawn_ms_p50" in drawn:
        print(f"{drawn['page']} drawn in Chromium (warm, from navigation): p50 {drawn['drawn_ms_p50']} ms "
              f"(target < 1000), {drawn['after_response_ms_p50']} ms of it after the response")
    elif drawn:
        print(f"{drawn['page']} not drawn in Chromium: {drawn['skipped']}")
    print(f"peak worker memory while serving: {results.get('peak_worker_rss_mb')} MB (target < 300)")
    if results.get("build_peak_rss_mb"):
        print(f"data build: {results['build_seconds']} s, peak memory {results['build_peak_rss_mb']:.0f} MB")
    writes = results.get("writes")
    if writes:
        print(f"evidence writes, {writes['workers']} workers, {writes['clients']} clients, {writes['seconds']} s: "
              f"{writes['per_second']}/s acknowledged={writes['acknowledged']} failed={writes['failed']} "
              f"'database is locked'={writes['locked_errors']} rows={writes['rows_in_database']} "
              f"lost={writes['lost']}")
        jobs = writes.get("jobs")
        if jobs:
            print(f"  flag refresh on the job queue: {jobs['learners_waiting_when_writes_stopped']} learners waiting "
                  f"when the writes stopped, all refreshed {jobs['seconds_to_refresh_them']} s later "
                  f"(left: {jobs['learners_left']}); {jobs['refresh_tasks_run']} refresh tasks ran, "
                  f"{jobs['task_errors']} failed; learners refreshed: {jobs.get('learners_refreshed_during_writes')} "
                  f"while writing, {jobs.get('learners_refreshed_in_all')} in all")
        if writes.get("server_cpu_ms_per_write"):
            print(f"  CPU per write: server {writes['server_cpu_ms_per_write']} ms, load generator "
                  f"{writes['client_cpu_ms_per_write']} ms, job worker {writes.get('worker_cpu_ms_per_write')} ms "
                  f"(all share the machine's cores)")
    burst = results.get("burst")
    if burst:
        print(f"burst of {burst['writes']} evidence writes to one grade ({burst['stored']} stored, "
              f"{burst['writes_seconds']} s): flags and rollups of all {burst['learners_written']} learners current "
              f"{burst['seconds_until_current']} s after it began ({burst['learners_rolled_up_since']} rolled up since, "
              f"{burst['left_waiting']} left waiting); peak queue depth {burst['peak_learners_waiting']} learners")
