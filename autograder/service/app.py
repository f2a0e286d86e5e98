"""The grading service's REST API (FastAPI), mounted under the hub's service prefix.

Students list and fetch released assignments, submit notebooks and read their own feedback;
instructors release, collect, start batch grading and download grades. Every route states its
errors; the OpenAPI document is served at ``<prefix>api/openapi.json`` (interactive docs at
``<prefix>api/docs``). Nothing here reads ``reference_solutions/`` or the hidden suites except
through the engine, and no route returns either.
"""

# no `from __future__ import annotations`: FastAPI reads the dependency annotations at run time,
# and they refer to functions local to create_app
import io
import json
import threading
import zipfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response

from autograder.course import Assignment, list_assignments
from autograder.exceptions import AutograderError
from autograder.grading.batch import grades_csv, student_name
from autograder.service.auth import AuthError, Caller, HubAuth
from autograder.service.runner import Runner
from autograder.service.settings import Settings
from autograder.service.store import Store, UploadView

ZIP = "application/zip"
HOUR = timedelta(hours=1)  # the window of the graded-attempt limit


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def _is_notebook(data: Any) -> bool:
    cells = data.get("cells", data.get("worksheets")) if isinstance(data, dict) else None
    return isinstance(cells, list) and isinstance(data.get("nbformat"), int)


def create_app(settings: Settings, auth: HubAuth, store: Store, runner: Runner) -> FastAPI:
    """The FastAPI application; ``settings.prefix`` is the hub's service prefix."""
    api = f"{settings.prefix.rstrip('/')}/api"
    app = FastAPI(title="Course grading service", version="1",
                  description="Submit notebooks and read feedback (students); release, collect, "
                  "grade and export (instructors). Authenticate with 'Authorization: token "
                  "<JupyterHub token>'.", openapi_url=f"{api}/openapi.json",
                  docs_url=f"{api}/docs", redoc_url=None)
    router = APIRouter(prefix=api)
    # one lock per student, so that two parallel uploads cannot both pass the attempt limit
    student_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    @app.exception_handler(AuthError)
    def _auth_error(_request: Request, exc: AuthError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status)

    def caller(authorization: Annotated[str | None, Header()] = None) -> Caller:
        return auth.caller(authorization)

    def student(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if not who.is_student:
            raise HTTPException(403, "only students submit: your token lacks the scope "
                                "custom:grader:submit")
        return who

    def instructor(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if not who.is_instructor:
            raise HTTPException(403, "instructors only: your token lacks the scope "
                                "custom:grader:manage")
        return who

    def assignment(assignment_id: str, who: Caller | None = None) -> Assignment:
        """The course's assignment; a 404 naming what exists (for students: what is released)."""
        known = list_assignments(settings.course_root)
        if assignment_id not in known:
            if who is None or who.is_instructor:
                raise HTTPException(404, f"no assignment {assignment_id!r}; the course has: "
                                    f"{', '.join(known)}")
            released = [a for a in known if store.is_released(a)]
            raise HTTPException(404, f"no assignment {assignment_id!r}; released so far: "
                                f"{', '.join(released) or 'none'}")
        try:
            return runner.assignments(assignment_id)
        except AutograderError as exc:
            raise HTTPException(500, f"assignment {assignment_id} cannot be loaded: "
                                f"{exc}") from None

    def visible(assignment_id: str, who: Caller) -> Assignment:
        """The assignment, if the caller may see it: instructors always, students once released."""
        found = assignment(assignment_id, who)
        if not who.is_instructor and not store.is_released(assignment_id):
            raise HTTPException(404, f"assignment {assignment_id} has not been released yet")
        return found

    def summary(a: Assignment) -> dict[str, Any]:
        return {"id": a.id, "released": store.is_released(a.id),
                "released_at": store.released_at(a.id), "max_score": a.max_score,
                "questions": [{"id": q.id, "title": q.title, "points": q.points}
                              for q in a.questions]}

    def upload_view(view: UploadView, *, with_results: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in vars(view).items() if k != "path"}
        data["url"] = f"{api}/submissions/{view.id}"
        if with_results:
            data["results"] = store.results(view) if view.status == "graded" else None
        return data

    def own(submission_id: int, who: Caller) -> UploadView:
        view = store.get(submission_id)
        if view is None or (view.student != student_name(who.name) and not who.is_instructor):
            raise HTTPException(404, f"no submission {submission_id} of yours")
        return view

    @app.get(settings.prefix.rstrip("/") + "/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse(f"{api}/docs")

    @router.get("/health", summary="Liveness, and how many uploads wait to be graded")
    def health() -> dict[str, Any]:
        return {"status": "ok", "queued": runner.pending()}

    @router.get("/whoami", summary="Who the token belongs to and what they may do")
    def whoami(who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        return {"name": who.name, "student": who.is_student, "instructor": who.is_instructor}

    @router.get("/assignments", summary="Assignments: released ones (students), all (instructors)")
    def assignments(who: Annotated[Caller, Depends(caller)]) -> list[dict[str, Any]]:
        ids = list_assignments(settings.course_root)
        return [summary(assignment(i)) for i in ids if who.is_instructor or store.is_released(i)]

    @router.get("/assignments/{assignment_id}", summary="One assignment's questions and points")
    def one_assignment(assignment_id: str,
                       who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        return summary(visible(assignment_id, who))

    @router.get("/assignments/{assignment_id}/download", response_class=Response,
                summary="The released student bundle as a zip (notebook and public checks)")
    def download(assignment_id: str, who: Annotated[Caller, Depends(caller)]) -> Response:
        visible(assignment_id, who)
        if not store.is_released(assignment_id):
            raise HTTPException(409, f"assignment {assignment_id} is not released; release it "
                                "first")
        root = store.released_dir(assignment_id)
        files = {f"{assignment_id}/{p.relative_to(root)}": p.read_bytes()
                 for p in store.bundle_files(assignment_id)}
        return Response(_zip(files), media_type=ZIP, headers={
            "Content-Disposition": f'attachment; filename="{assignment_id}.zip"'})

    @router.post("/assignments/{assignment_id}/release",
                 summary="Release an assignment (instructors)")
    def release(assignment_id: str, who: Annotated[Caller, Depends(instructor)]) -> dict[str, Any]:
        found = assignment(assignment_id)
        files = store.release(found, who.name)
        runner.warm(assignment_id)
        return {**summary(found), "files": files}

    @router.post("/assignments/{assignment_id}/submissions", status_code=202,
                 summary="Submit a notebook (students): stored at once, graded in the background",
                 responses={400: {"description": "not a notebook"},
                            413: {"description": "too large"},
                            429: {"description": "graded-attempt limit reached"}},
                 openapi_extra={"requestBody": {"required": True, "content": {
                     "application/x-ipynb+json": {"schema": {
                         "type": "object", "description": "the notebook file (.ipynb) itself",
                         "required": ["cells", "nbformat"]}}}}})
    async def submit(assignment_id: str, request: Request,
                     who: Annotated[Caller, Depends(student)]) -> dict[str, Any]:
        await run_in_threadpool(visible, assignment_id, who)
        data = await _read_limited(request, settings.max_upload_bytes)
        try:
            parsed = json.loads(data)
        except (UnicodeDecodeError, ValueError):
            raise HTTPException(400, "the upload is not a Jupyter notebook (not valid JSON); "
                                "send the .ipynb file itself") from None
        if not _is_notebook(parsed):
            raise HTTPException(400, "the upload is JSON but not a Jupyter notebook (no "
                                "'cells' list or 'nbformat' version)")
        name = student_name(who.name)
        view = await run_in_threadpool(_store_within_limit, assignment_id, name, data)
        runner.enqueue(view.id)
        return upload_view(view)

    def _store_within_limit(assignment_id: str, name: str, data: bytes) -> UploadView:
        with student_locks[name]:
            count, oldest = store.recent_count(assignment_id, name, HOUR)
            if count >= settings.attempts_per_hour:
                wait = _seconds_until(oldest + HOUR if oldest else datetime.now(UTC))
                raise HTTPException(429, f"you have used your {settings.attempts_per_hour} "
                                    f"graded attempts per hour for {assignment_id}; the next "
                                    f"one is possible in {wait // 60 + 1} min. Nothing was "
                                    "stored.", headers={"Retry-After": str(wait)})
            return store.add_upload(assignment_id, name, data)

    @router.get("/submissions", summary="Your submissions (students); everyone's (instructors)")
    def submissions(who: Annotated[Caller, Depends(caller)], assignment: str | None = None,
                    student: str | None = None) -> list[dict[str, Any]]:
        if not who.is_instructor:
            student = student_name(who.name)
        return [upload_view(v) for v in store.uploads(assignment=assignment, student=student)]

    @router.get("/submissions/{submission_id}", summary="One submission: status and feedback")
    def submission(submission_id: int,
                   who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        return upload_view(own(submission_id, who), with_results=True)

    @router.get("/submissions/{submission_id}/notebook", response_class=Response,
                summary="The notebook exactly as submitted")
    def submitted_notebook(submission_id: int,
                           who: Annotated[Caller, Depends(caller)]) -> Response:
        view = own(submission_id, who)
        return Response(store.upload_path(view).read_bytes(), media_type="application/x-ipynb+json")

    @router.get("/assignments/{assignment_id}/collect", response_class=Response,
                summary="Each student's latest submission, as submitted/<student>/<id>/<id>.ipynb")
    def collect(assignment_id: str, _: Annotated[Caller, Depends(instructor)]) -> Response:
        assignment(assignment_id)
        files = {f"submitted/{v.student}/{assignment_id}/{assignment_id}.ipynb":
                 store.upload_path(v).read_bytes() for v in store.latest(assignment_id)}
        return Response(_zip(files), media_type=ZIP, headers={
            "Content-Disposition": f'attachment; filename="{assignment_id}-submitted.zip"'})

    @router.post("/assignments/{assignment_id}/grade", status_code=202,
                 summary="Grade every student's latest submission in the background")
    def grade(assignment_id: str, who: Annotated[Caller, Depends(instructor)]) -> dict[str, Any]:
        job = runner.start_batch(assignment(assignment_id), who.name)
        return {**job.view(), "url": f"{api}/jobs/{job.id}"}

    @router.get("/jobs/{job_id}", summary="A batch grading job's progress (instructors)")
    def job(job_id: str, _: Annotated[Caller, Depends(instructor)]) -> dict[str, Any]:
        if job_id not in runner.jobs:
            raise HTTPException(404, f"no batch job {job_id!r} (jobs are kept until the "
                                "service restarts)")
        return runner.jobs[job_id].view()

    def latest_results(assignment_id: str) -> dict[str, dict[str, Any]]:
        out = {}
        for view in store.latest(assignment_id):
            stored = store.results(view)
            if stored is not None:
                out[view.student] = stored
        return out

    @router.get("/assignments/{assignment_id}/grades.csv", response_class=Response,
                summary="grades.csv: each student's latest graded submission, per question")
    def grades(assignment_id: str, _: Annotated[Caller, Depends(instructor)]) -> Response:
        assignment(assignment_id)
        results = [r for view in store.latest(assignment_id)
                   if (r := store.result(view)) is not None]
        return Response(grades_csv(results), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{assignment_id}-grades.csv"'})

    @router.get("/assignments/{assignment_id}/results", response_class=Response,
                summary="Per-student results.json of the latest graded submissions, as a zip")
    def results(assignment_id: str, _: Annotated[Caller, Depends(instructor)]) -> Response:
        assignment(assignment_id)
        files = {f"{s}/results.json": json.dumps(r, indent=2).encode()
                 for s, r in latest_results(assignment_id).items()}
        return Response(_zip(files), media_type=ZIP)

    app.include_router(router)
    return app


def _seconds_until(moment: datetime) -> int:
    """Whole seconds from now until ``moment``, at least 1 (a Retry-After value)."""
    return max(int((moment - datetime.now(UTC)).total_seconds()) + 1, 1)


async def _read_limited(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything above ``limit`` bytes without reading it all."""
    too_big = HTTPException(413, f"the upload is larger than the {limit // (1024 * 1024)} MB "
                            "limit; clear the notebook's outputs (Edit > Clear Outputs of All "
                            "Cells) and submit again")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    if not size:
        raise HTTPException(400, "the upload is empty; send the notebook file as the body")
    return b"".join(chunks)

