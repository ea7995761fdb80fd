from flask_smorest import Blueprint

from api.divisions.schemas import DivisionArgs, DivisionSchema, PartnerSchema
from labour.divisions import selectors

blp = Blueprint("divisions", __name__, url_prefix="/api/v1", description="Administrative divisions (GB/T 2260)")


@blp.route("/divisions")
@blp.arguments(DivisionArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, DivisionSchema(many=True))
def division_list(args):
    """The region, its prefectures and counties, and the provinces outside Tibet.

    Filter by `level` and `parent`; `tree=true` nests children under each division. Names come in the
    negotiated locale; where no Tibetan name is known the Chinese one is given with `name_fallback: true`.
    """
    if args.get("parent"):
        selectors.division_get(args["parent"])  # 404 for an unknown parent rather than an empty list
    divisions = selectors.division_list(level=args.get("level"), parent=args.get("parent"))
    if not args["tree"]:
        return divisions
    return _tree(divisions)


def _tree(divisions):
    codes = {d.code for d in divisions}
    nodes = {d.code: {"obj": d, "children": []} for d in divisions}
    roots = []
    for d in divisions:
        (nodes[d.parent_code]["children"] if d.parent_code in codes else roots).append(nodes[d.code])
    return [_node(n) for n in roots]


def _node(node):
    d = node["obj"]
    d_children = [_node(c) for c in node["children"]]
    # Marshmallow reads attributes; a tiny view object keeps the model untouched.
    return _DivisionView(d, d_children)


class _DivisionView:
    def __init__(self, division, children):
        self._d = division
        self.children = children

    def __getattr__(self, name):
        return getattr(self._d, name)


@blp.route("/divisions/<code>")
@blp.response(200, DivisionSchema)
def division_get(code):
    return selectors.division_get(code)


@blp.route("/divisions/<code>/aid-partners")
@blp.response(200, PartnerSchema(many=True))
def division_partners(code):
    """Aid-Tibet partners paired with a prefecture."""
    division = selectors.division_get(code)
    return selectors.partners_of(division.prefecture_code or division.code)
