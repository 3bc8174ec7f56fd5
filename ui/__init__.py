"""Streamlit pages of Supernode: they describe the UI and call into `assistant` for everything else."""
