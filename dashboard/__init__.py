"""Entente's dashboard: a Streamlit page over the graph store (run `streamlit run dashboard/app.py`).

Modules are small and named for what they do; `app.py` only wires them together. The URL is the source
of truth for what is shown (a `graph.View`), so every screen is a link.
"""
