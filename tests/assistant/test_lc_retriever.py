from langchain_core.retrievers import BaseRetriever

from assistant.lc_retriever import GuidelineRetriever


def test_langchain_retriever_returns_documents_with_metadata(assistant):
    r = GuidelineRetriever(retriever=assistant.retriever, k=5)
    assert isinstance(r, BaseRetriever)
    docs = r.invoke("新版 输电铁塔无人化组塔的起吊重量")
    assert len(docs) == 5
    top = docs[0]
    assert top.metadata["number"] == "4.7" and top.metadata["edition"] == "joint-rd-draft"
    text = assistant.index.document[top.metadata["edition"]].text
    assert text[top.metadata["start"]:top.metadata["end"]] == top.page_content


def test_langchain_retriever_edition_filter(assistant):
    docs = GuidelineRetriever(retriever=assistant.retriever, k=8, editions=["2022-draft"]).invoke("氢能 储氢")
    assert docs and all(d.metadata["edition"] == "2022-draft" for d in docs)
