"""前例回答アシスタント: the Streamlit entry point. Pages live in app_pages/; logic lives in assistant/."""

import streamlit as st

st.set_page_config(page_title="前例回答アシスタント", page_icon=":material/description:", layout="wide")
navigation = st.navigation(
    [
        st.Page("app_pages/draft.py", title="起案", icon=":material/edit_note:", default=True),
        st.Page("app_pages/batch.py", title="一括起案", icon=":material/table_rows:"),
        st.Page("app_pages/corpus.py", title="前例", icon=":material/library_books:"),
        st.Page("app_pages/drafts.py", title="下書き", icon=":material/drafts:"),
    ]
)
navigation.run()
