from flask_smorest import Blueprint

import jobs
from api.auth import login_required
from api.tasks.schemas import TaskSchema
from labour.tasks import selectors

blp = Blueprint("tasks", __name__, url_prefix="/api/v1/tasks",
                description="Background tasks: poll one for its progress and result, or cancel it")


@blp.route("/<task_id>")
@blp.response(200, TaskSchema)
@login_required()
def task_get(task_id, user):
    """A task you started (administrators: any task). Poll it; send `If-None-Match` to get 304 while
    nothing changed. Other people's tasks are 404."""
    return selectors.task_get_for(task_id=task_id, user=user)


@blp.route("/<task_id>", methods=["DELETE"])
@blp.response(200, TaskSchema)
@login_required()
def task_cancel(task_id, user):
    """Cancel a waiting or running task (409 once it finished). A running task stops at its next
    progress report; the steps it completed stay done."""
    return jobs.cancel(selectors.task_get_for(task_id=task_id, user=user))
