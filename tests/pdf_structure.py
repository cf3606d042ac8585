"""What a tagged PDF says about its structure, for the tests of every PDF we make."""

import pikepdf


def structure_roles(pdf: pikepdf.Pdf) -> set[str]:
    """The structure roles (/H1, /P, /Table…) used anywhere in the PDF's structure tree."""
    roles = set()
    todo = [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                roles.add(str(node.S))
            kids = node.get("/K")
            if kids is not None:
                todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        elif isinstance(node, pikepdf.Array):
            todo.extend(node)
    return roles
