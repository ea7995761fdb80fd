from flask_smorest import Blueprint

from api.schemas import NamedRef, QueryArgs
from labour.occupations.selectors import occupation_list

blp = Blueprint("occupations", __name__, url_prefix="/api/v1/occupations", description="The occupation list")


@blp.route("")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, NamedRef(many=True))
def occupations(_args):
    """Every occupation, named in the negotiated locale (Chinese with `name_fallback` where Tibetan is missing)."""
    return occupation_list()
