"""Streamlit pages. Each page reads input, calls assistant.* and renders; no domain logic here."""
